using System.Globalization;

namespace Splitstream.Bench.E2E;

/// <summary>
/// What to offer: rates (samples/s), seconds per rate, samples per batch, activities per stage (of which
/// <see cref="Racers"/> race each other in one race), requests in flight, processor and gateway instances, the longest
/// warm-up, and the soak's length (0: no soak, the stages instead) and the live activities the memory figure holds; the
/// store is SQLite (as <c>make run</c>) unless <see cref="Postgres"/> (a fresh database on the test PostgreSQL server).
/// </summary>
public sealed record E2ESettings(
    IReadOnlyList<int> Rates,
    double StageSeconds,
    int BatchSize,
    int Activities,
    int MaxInFlight,
    string OutputPath,
    int Instances,
    int Racers,
    double MaxWarmUpSeconds,
    double SoakMinutes,
    int MemoryActivities,
    bool SkipBaselines,
    bool Postgres)
{
    public static E2ESettings Parse(string[] args)
    {
        var settings = new E2ESettings([25_000, 50_000, 100_000, 150_000], 8, 200, 240, 96, "bench/out/bench-e2e.md", 1, 50, 120, 0, 5_000, false, false);
        for (var i = 0; i < args.Length; i += 2)
        {
            if (args[i] is "--skip-baselines" or "--postgres")
            {
                settings = args[i] == "--postgres" ? settings with { Postgres = true } : settings with { SkipBaselines = true };
                i--;
                continue;
            }
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value");
            settings = args[i] switch
            {
                "--rates" => settings with { Rates = value.Split(',').Select(r => int.Parse(r, CultureInfo.InvariantCulture)).ToList() },
                "--seconds" => settings with { StageSeconds = double.Parse(value, CultureInfo.InvariantCulture) },
                "--batch" => settings with { BatchSize = int.Parse(value, CultureInfo.InvariantCulture) },
                "--activities" => settings with { Activities = int.Parse(value, CultureInfo.InvariantCulture) },
                "--in-flight" => settings with { MaxInFlight = int.Parse(value, CultureInfo.InvariantCulture) },
                "--out" => settings with { OutputPath = value },
                "--instances" => settings with { Instances = int.Parse(value, CultureInfo.InvariantCulture) },
                "--racers" => settings with { Racers = int.Parse(value, CultureInfo.InvariantCulture) },
                "--max-warm-up" => settings with { MaxWarmUpSeconds = double.Parse(value, CultureInfo.InvariantCulture) },
                "--soak-minutes" => settings with { SoakMinutes = double.Parse(value, CultureInfo.InvariantCulture) },
                "--memory-activities" => settings with { MemoryActivities = int.Parse(value, CultureInfo.InvariantCulture) },
                _ => throw new ArgumentException($"unknown option {args[i]} (--rates a,b,c --seconds s --batch n --activities n --in-flight n --out file " +
                    "--instances n --racers n --max-warm-up s --soak-minutes m --memory-activities n --skip-baselines --postgres)"),
            };
        }
        if (settings.Racers > settings.Activities)
        {
            throw new ArgumentException("--racers must not exceed --activities");
        }
        return settings;
    }
}
