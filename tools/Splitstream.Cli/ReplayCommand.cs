using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Splitstream.Platform;
using Splitstream.Replay;
using Splitstream.Schemas;

namespace Splitstream.Cli;

/// <summary>`splitstream replay export|rerun|compare`: the analysts' replay tool (tools/Splitstream.Replay).</summary>
public static class ReplayCommand
{
    public const string Help = """
          replay export --topic TOPIC --format jsonl|csv|gpx --out PATH [--from TIME] [--to TIME] [--activity ID] [--hr]
              writes a topic (or the records of [--from, --to) by record timestamp, RFC 3339 or epoch ms, and/or one
              activity's) to PATH: JSON lines (Kafka coordinates + decoded value), CSV (one row per sample of
              telemetry.gps.v1 / telemetry.hr.v1) or GPX (a directory, one file per activity of telemetry.gps.v1;
              --hr joins telemetry.hr.v1 by nearest time within 2 s). Written under a temporary name, renamed on success.
          replay rerun --topology NAME --application-id ID --output-suffix S [--set KEY=VALUE ...] [--resume] [--state-dir .data/replay]
              runs the topology from the beginning of its inputs under the new id into <output topic>.S until it has
              caught up with the input end offsets captured at start, then stops and prints counts. --set changes a
              rule (see `replay topologies`); an interrupted re-run is finished with --resume.
          replay compare --left TOPIC --right TOPIC [--tolerance 1e-9] [--limit 50]
              compares the latest value per key of two topics (e.g. activity.summary.v1 and activity.summary.v1.S),
              field by field; exit code 1 when they differ.
          replay topologies
              lists the topologies rerun knows and their settings.
          common: [--bootstrap SERVERS] [--registry URL] (default: kafka_bootstrap and schema_registry_url of
              --run-info, .data/run.json); progress bars on stderr; Ctrl-C leaves no partial output.
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help")
        {
            Console.WriteLine(Help);
            return args.Length == 0 ? 2 : 0;
        }
        using var stopping = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stopping.Cancel();
        };
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stopping.Cancel();
        });
        try
        {
            var options = CliArguments.Parse(args[1..]);
            return args[0] switch
            {
                "export" => await ExportAsync(options, stopping.Token),
                "rerun" => await RerunAsync(options, stopping.Token),
                "compare" => await CompareAsync(options, stopping.Token),
                "topologies" => Topologies(),
                _ => CliCommands.Fail($"unknown replay command '{args[0]}' (export, rerun, compare, topologies)"),
            };
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            Console.Error.WriteLine("splitstream: replay interrupted; nothing partial was left behind");
            return 130;
        }
        catch (Exception e) when (e is ArgumentException or FormatException or FileNotFoundException or InvalidDataException or InvalidOperationException)
        {
            return CliCommands.Fail("replay " + args[0] + ": " + e.Message);
        }
    }

    private static async Task<int> ExportAsync(CliArguments args, CancellationToken cancellationToken)
    {
        var topic = Required(args, "topic");
        var format = args.Get("format", "jsonl") switch
        {
            "jsonl" or "json" => ExportFormat.JsonLines,
            "csv" => ExportFormat.Csv,
            "gpx" => ExportFormat.Gpx,
            var other => throw new ArgumentException($"unknown format '{other}' (jsonl, csv, gpx)"),
        };
        var selection = new ReadSelection(
            args.Get("from") is { } from ? Instant.ParseEpochMs(from) : null,
            args.Get("to") is { } to ? Instant.ParseEpochMs(to) : null,
            args.Get("activity"));
        var request = new ExportRequest(topic, format, Required(args, "out"), selection) { JoinHeartRate = args.Has("hr") };
        var result = await new TopicExport(Connection(args)).RunAsync(request, new ProgressBar(Console.Error, "export " + topic), cancellationToken);
        var unit = format switch { ExportFormat.Gpx => "files", ExportFormat.Csv => "rows", _ => "lines" };
        var undecodable = result.Undecodable > 0 ? string.Create(CultureInfo.InvariantCulture, $", {result.Undecodable:N0} records not decodable") : "";
        var where = format == ExportFormat.Gpx ? "into " + Path.GetFullPath(request.Output) : "to " + result.Files[0];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{result.RecordsSelected:N0} records selected from {topic}, {result.ItemsWritten:N0} {unit} written{undecodable} {where}"));
        return 0;
    }

    private static async Task<int> RerunAsync(CliArguments args, CancellationToken cancellationToken)
    {
        var definition = RerunTopologies.Find(Required(args, "topology"));
        var settings = new Dictionary<string, string>();
        foreach (var setting in args.GetAll("set"))
        {
            var parts = setting.Split('=', 2);
            settings[parts.Length == 2 ? parts[0].Trim() : throw new ArgumentException($"--set takes KEY=VALUE, not '{setting}'")] = parts[1].Trim();
        }
        var request = new RerunRequest(Required(args, "application-id"), Required(args, "output-suffix"))
        {
            Settings = settings,
            Resume = args.Has("resume"),
            StateDirectory = args.Get("state-dir", Path.Combine(".data", "replay")),
        };
        var connection = Connection(args);
        var registryUrl = args.Get("registry") ?? connection.SchemaRegistryUrl
            ?? throw new ArgumentException("rerun needs the schema registry: --registry URL, or a run.json with schema_registry_url");
        using var http = new HttpClient { BaseAddress = new Uri(registryUrl.TrimEnd('/') + "/"), Timeout = TimeSpan.FromSeconds(10) };
        using var logs = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
        // `make run`'s embedded cluster has no CreateTopics API: its owner creates the re-run's topics (run.json says where).
        ITopicProvisioner provisioner = (args.Get("embedded-control") ?? connection.EmbeddedControlUrl) is { } control
            ? new HttpTopicProvisioner(new Uri(control))
            : new AdminTopicProvisioner(connection.BootstrapServers);
        var rerun = new TopologyRerun(connection, new CachedSchemaRegistry(new HttpSchemaRegistry(http)), provisioner, logs);
        var result = await rerun.RunAsync(definition, request, new ProgressBar(Console.Error, "rerun " + request.ApplicationId, "input records"), cancellationToken);
        var resumed = result.Resumed ? " (resumed)" : "";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"re-run {result.ApplicationId} of {definition.Name}{resumed}: {result.InputRecords:N0} input records, {result.RecordsProcessed:N0} processed in this session, {result.DeadLetters:N0} dead letters (to {result.DeadLetterTopic})"));
        foreach (var (topic, (records, keys)) in result.Outputs)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {topic}: {records:N0} records, {keys:N0} keys"));
        }
        return 0;
    }

    private static async Task<int> CompareAsync(CliArguments args, CancellationToken cancellationToken)
    {
        var comparison = new TopicComparison(Connection(args)) { Tolerance = args.GetDouble("tolerance", 0) };
        var result = await comparison.CompareAsync(Required(args, "left"), Required(args, "right"), new ProgressBar(Console.Error, "compare"), cancellationToken);
        var limit = args.GetInt("limit", 50);
        Console.WriteLine($"{result.Left}: {result.LeftKeys} keys; {result.Right}: {result.RightKeys} keys; {result.Identical} identical, " +
            $"{result.DifferingKeys} differ, {result.OnlyLeft.Count} only left, {result.OnlyRight.Count} only right");
        foreach (var d in result.Differences.Take(limit))
        {
            Console.WriteLine($"  {d.Key}  {d.Field}: {d.Left}  ->  {d.Right}");
        }
        foreach (var key in result.OnlyLeft.Take(limit))
        {
            Console.WriteLine($"  {key}: only in {result.Left}");
        }
        foreach (var key in result.OnlyRight.Take(limit))
        {
            Console.WriteLine($"  {key}: only in {result.Right}");
        }
        return result.Same ? 0 : 1;
    }

    private static int Topologies()
    {
        foreach (var t in RerunTopologies.All)
        {
            Console.WriteLine($"{t.Name} (live application id {t.LiveApplicationId}): {string.Join(", ", t.InputTopics)} -> {string.Join(", ", t.OutputTopics(1).Select(o => o.Name))}");
            Console.WriteLine("  settings: " + string.Join(", ", t.SettingKeys));
        }
        return 0;
    }

    private static ReplayConnection Connection(CliArguments args)
    {
        var connection = args.Get("bootstrap") is { } bootstrap
            ? new ReplayConnection(bootstrap, args.Get("registry"))
            : ReplayConnection.FromRunInfo(args.Get("run-info", Path.Combine(".data", "run.json")));
        // The services' Kafka:Config:<librdkafka property> settings, from the environment (security settings).
        const string Prefix = "Kafka__Config__";
        var extra = Environment.GetEnvironmentVariables().Keys.Cast<string>().Where(k => k.StartsWith(Prefix, StringComparison.Ordinal))
            .ToDictionary(k => k[Prefix.Length..], k => Environment.GetEnvironmentVariable(k)!);
        return connection with { Kafka = extra };
    }

    private static string Required(CliArguments args, string name) =>
        args.Get(name) is { Length: > 0 } value ? value : throw new ArgumentException($"--{name} is required");
}
