using Microsoft.Extensions.Logging;
using Splitstream.Geo;
using Splitstream.Simulator;

namespace Splitstream.Cli;

/// <summary>`splitstream simulate`: plays N devices (a race and free activities) against the ingest gateway.</summary>
public static class SimulateCommand
{
    public const string Help = """
          simulate [--url URL] [--devices N] [--race-racers M] [--race-id ID] [--race-distance METRES] [--race-sport run|ride]
                   [--race-course GPX|TCX] [--race-cutters 0] [--race-off-course 0]
                   [--duration 30m] [--noise 5] [--seed 1] [--speedup 1 | --as-fast-as-possible] [--start RFC3339]
                   [--batch-seconds 5] [--hr-seconds 2] [--dup 0.03] [--ooo 0.03] [--stops 0.5] [--pauses 0.3] [--offline 0.3]
                   [--origin LAT,LON] [--country CA] [--users sim-] [--key-file PATH] [--concurrency 64]
                   [--progress-seconds 5] [--report out.json]
              plays devices against the gateway (default URL: ingest_url of .data/run.json): M racers on one loop
              course (or the track of --race-course) starting together, some cutting a corner or leaving the
              course (--race-cutters, --race-off-course), plus N free runs/rides; 1 Hz GPS with drift+jitter noise of σ metres per
              axis, heart rate from a separate sensor, stops, explicit pauses, offline gaps uploaded late in one
              burst, duplicate and out-of-order batches. Users are <users>1..M+N (racers first), each with a device
              token signed with the key of --key-file (default .data/dev-signing-key, or $Auth__SigningKey).
              --speedup N > 1 and --as-fast-as-possible use simulated timestamps ending about now. Prints the
              counts and the true (noise-free, pauses excluded) distance per activity and the race's true ranking;
              --report writes the same as JSON.
        """;

    public static async Task<int> RunAsync(CliArguments args)
    {
        SimulatorOptions options;
        try
        {
            options = Parse(args);
            options.Validate();
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            return CliCommands.Fail("simulate: " + e.Message);
        }
        using var stopping = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; stopping.Cancel(); };
        using var loggers = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
        try
        {
            var report = await Simulation.RunAsync(options, Console.Out, loggers.CreateLogger("Splitstream.Simulator"), stopping.Token);
            return report.Totals.RejectedRequests + report.Totals.FailedRequests == 0 ? 0 : 1;
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            Console.Error.WriteLine("splitstream: simulation cancelled");
            return 130;
        }
        catch (Exception e) when (e is FileNotFoundException or InvalidDataException)
        {
            return CliCommands.Fail("simulate: " + e.Message);
        }
    }

    public static SimulatorOptions Parse(CliArguments args)
    {
        var defaults = new SimulatorOptions();
        var options = new SimulatorOptions
        {
            IngestUrl = args.Get("url", ""),
            Devices = args.GetInt("devices", defaults.Devices),
            RaceRacers = args.GetInt("race-racers", defaults.RaceRacers),
            RaceId = args.Get("race-id", ""),
            RaceDistanceM = args.GetDouble("race-distance", defaults.RaceDistanceM),
            RaceCoursePath = args.Get("race-course", ""),
            RaceCornerCutters = args.GetInt("race-cutters", defaults.RaceCornerCutters),
            RaceOffCourseRacers = args.GetInt("race-off-course", defaults.RaceOffCourseRacers),
            Duration = args.Get("duration") is { } d ? DurationParser.Parse(d) : defaults.Duration,
            NoiseSigmaM = args.GetDouble("noise", defaults.NoiseSigmaM),
            Seed = args.GetInt("seed", defaults.Seed),
            Speedup = args.GetDouble("speedup", defaults.Speedup),
            AsFastAsPossible = args.Has("as-fast-as-possible"),
            StartTime = args.Get("start") is { } s ? DateTimeOffset.Parse(s, System.Globalization.CultureInfo.InvariantCulture) : null,
            BatchInterval = TimeSpan.FromSeconds(args.GetDouble("batch-seconds", defaults.BatchInterval.TotalSeconds)),
            HeartRateInterval = TimeSpan.FromSeconds(args.GetDouble("hr-seconds", defaults.HeartRateInterval.TotalSeconds)),
            DuplicateProbability = args.GetDouble("dup", defaults.DuplicateProbability),
            OutOfOrderProbability = args.GetDouble("ooo", defaults.OutOfOrderProbability),
            StopProbability = args.GetDouble("stops", defaults.StopProbability),
            PauseProbability = args.GetDouble("pauses", defaults.PauseProbability),
            OfflineProbability = args.GetDouble("offline", defaults.OfflineProbability),
            Country = args.Get("country", defaults.Country),
            UserPrefix = args.Get("users", defaults.UserPrefix),
            SigningKey = Environment.GetEnvironmentVariable("Auth__SigningKey") ?? "",
            SigningKeyFile = args.Get("key-file", Environment.GetEnvironmentVariable("Auth__SigningKeyFile") ?? defaults.SigningKeyFile),
            MaxConcurrentRequests = args.GetInt("concurrency", defaults.MaxConcurrentRequests),
            ProgressInterval = TimeSpan.FromSeconds(args.GetDouble("progress-seconds", defaults.ProgressInterval.TotalSeconds)),
            ReportPath = args.Get("report", ""),
        };
        if (args.Get("race-sport") is { } sport)
        {
            options.RaceSport = SportParser.TryParse(sport, out var parsed) ? parsed : throw new ArgumentException($"unknown sport '{sport}'");
        }
        if (args.Get("origin") is { } origin)
        {
            var parts = origin.Split(',');
            if (parts.Length != 2)
            {
                throw new ArgumentException("--origin takes LAT,LON");
            }
            options.OriginLat = double.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture);
            options.OriginLon = double.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
        }
        return options;
    }
}
