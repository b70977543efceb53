using System.Globalization;

namespace Splitstream.Bench.Ingest;

/// <summary>
/// Run parameters: <c>--batches N --batch-size N --connections N --rounds N --brokers N</c> (defaults: 3000 batches of
/// 500 samples, 32 connections, best of 3 rounds, the embedded cluster's default broker count, as make run has).
/// </summary>
public sealed record BenchSettings(int Batches, int BatchSize, int Connections, int Rounds, int Brokers)
{
    public static BenchSettings Parse(string[] args)
    {
        int Get(string name, int fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
        }
        return new BenchSettings(Get("--batches", 3000), Get("--batch-size", 500), Get("--connections", 32), Get("--rounds", 3),
            Get("--brokers", Platform.EmbeddedPlatform.DefaultBrokers));
    }
}
