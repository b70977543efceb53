using System.Globalization;

namespace Splitstream.Bench.E2E;

/// <summary>
/// What to offer: rates (samples/s), seconds per rate, samples per batch, activities per stage (of which
/// <see cref="Racers"/> race each other in one race), requests in flight, processor and gateway instances, the longest
/// warm-up, how long the sustained rate is held after the stages, the soak's length (0: no soak, the stages instead) and
/// the live activities the memory figure holds; the
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
    bool Postgres,
    double HoldSeconds)
{
    /// <summary>The options, printed for <c>--help</c> and after a usage error.</summary>
    public const string Usage = """
        Splitstream.Bench.E2E [options]
          --rates a,b,c            offered samples/s, one measured stage each (25000,50000,100000,150000)
          --seconds s              seconds per stage (8)
          --batch n                samples per request (200)
          --activities n           activities per stage (240)
          --racers n               of which race each other in one race (50; at most --activities)
          --in-flight n            requests in flight (96)
          --instances n            processors hosts and gateways (1; 2 is make bench-scaleout)
          --max-warm-up s          the longest warm-up before measuring (120)
          --hold s                 when --rates has 150000: after the stages, held for s seconds (30; 0 skips it)
          --soak-minutes m         a soak of m minutes instead of the stages (0; 30 is make bench-soak)
          --memory-activities n    live activities the memory figure holds (5000; 0 skips it)
          --skip-baselines         no raw produce/consume baselines
          --postgres               a fresh database on the test PostgreSQL server instead of SQLite
          --out file               the result table (bench/out/bench-e2e.md)
        """;

    /// <summary>Whether the arguments ask for the options instead of a run.</summary>
    public static bool WantsHelp(string[] args) => args.Any(a => a is "--help" or "-h");

    /// <summary>The settings the arguments name; an <see cref="ArgumentException"/> says what is wrong with them.</summary>
    public static E2ESettings Parse(string[] args)
    {
        var settings = new E2ESettings([25_000, 50_000, 100_000, 150_000], 8, 200, 240, 96, "bench/out/bench-e2e.md", 1, 50, 120, 0, 5_000, false, false, 30);
        for (var i = 0; i < args.Length; i += 2)
        {
            if (args[i] is "--skip-baselines" or "--postgres")
            {
                settings = args[i] == "--postgres" ? settings with { Postgres = true } : settings with { SkipBaselines = true };
                i--;
                continue;
            }
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value");
            try
            {
                settings = WithOption(settings, args[i], value);
            }
            catch (Exception e) when (e is FormatException or OverflowException)
            {
                throw new ArgumentException($"{args[i]} cannot take '{value}': {e.Message}", e);
            }
        }
        if (settings.Rates.Count == 0 || settings.Rates.Any(r => r <= 0) || settings.StageSeconds <= 0 || settings.BatchSize <= 0 ||
            settings.Activities <= 0 || settings.MaxInFlight <= 0 || settings.Instances <= 0)
        {
            throw new ArgumentException("--rates, --seconds, --batch, --activities, --in-flight and --instances must be positive");
        }
        if (settings.Racers < 0 || settings.MaxWarmUpSeconds < 0 || settings.SoakMinutes < 0 || settings.MemoryActivities < 0 || settings.HoldSeconds < 0)
        {
            throw new ArgumentException("--racers, --max-warm-up, --soak-minutes, --memory-activities and --hold must not be negative");
        }
        if (settings.Racers > settings.Activities)
        {
            throw new ArgumentException("--racers must not exceed --activities");
        }
        return settings;
    }

    private static E2ESettings WithOption(E2ESettings settings, string option, string value) =>
        option switch
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
            "--hold" => settings with { HoldSeconds = double.Parse(value, CultureInfo.InvariantCulture) },
            "--memory-activities" => settings with { MemoryActivities = int.Parse(value, CultureInfo.InvariantCulture) },
            _ => throw new ArgumentException($"unknown option {option}"),
        };
}
