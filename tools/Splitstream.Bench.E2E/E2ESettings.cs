using System.Globalization;

namespace Splitstream.Bench.E2E;

/// <summary>What to offer: rates (samples/s), seconds per rate, samples per batch, activities per stage, requests in flight.</summary>
public sealed record E2ESettings(IReadOnlyList<int> Rates, double StageSeconds, int BatchSize, int Activities, int MaxInFlight, string OutputPath)
{
    public static E2ESettings Parse(string[] args)
    {
        var settings = new E2ESettings([25_000, 50_000, 100_000, 150_000], 8, 200, 240, 96, "bench/out/bench-e2e.md");
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = args[i + 1];
            settings = args[i] switch
            {
                "--rates" => settings with { Rates = value.Split(',').Select(r => int.Parse(r, CultureInfo.InvariantCulture)).ToList() },
                "--seconds" => settings with { StageSeconds = double.Parse(value, CultureInfo.InvariantCulture) },
                "--batch" => settings with { BatchSize = int.Parse(value, CultureInfo.InvariantCulture) },
                "--activities" => settings with { Activities = int.Parse(value, CultureInfo.InvariantCulture) },
                "--in-flight" => settings with { MaxInFlight = int.Parse(value, CultureInfo.InvariantCulture) },
                "--out" => settings with { OutputPath = value },
                _ => throw new ArgumentException($"unknown option {args[i]} (--rates a,b,c --seconds s --batch n --activities n --in-flight n --out file)"),
            };
        }
        return settings;
    }
}
