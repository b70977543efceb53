using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Splitstream.Geo;
using Splitstream.QueryApi;
using Splitstream.Schemas;
using Splitstream.ServiceDefaults;
using Splitstream.Platform;
using Splitstream.Store;

namespace Splitstream.Faults.Tests;

/// <summary>
/// One whole pipeline for one scenario: the embedded cluster (in this process, where its faults are injected), the
/// gateway and the processors host as child processes running their own Program.cs against it, and the point store
/// (a SQLite file, or a private PostgreSQL server). Nothing is shared with another scenario. For the platform's own
/// restarts, the whole of `make run` instead: the AppHost (embedded platform with its archive, gateway, processors, query
/// API) as one child process, which is then both <see cref="Gateway"/> and <see cref="Processors"/>.
/// </summary>
internal sealed class Pipeline : IAsyncDisposable
{
    private readonly string directory;
    private readonly ISplitstreamStore store;
    private readonly EmbeddedPlatform? platform;

    /// <summary>The AppHost's environment, or the gateway's arguments: both read at every start, so a new port takes effect at the next.</summary>
    private readonly Dictionary<string, string>? appHostEnvironment;
    private readonly List<string>? gatewayArguments;

    private Pipeline(string directory, StoreOptions storeOptions)
    {
        this.directory = directory;
        var environment = new Dictionary<string, string>
        {
            ["AppHost__DataDirectory"] = Path.Combine(directory, ".data"),
            ["Store__SqlitePath"] = storeOptions.SqlitePath,
            ["Auth__SigningKey"] = TestInput.SigningKey,
            ["SIM"] = "0",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__Splitstream.Platform.Archive"] = "Information",
            ["Kafka__ConsumerConfig__session.timeout.ms"] = "6000",
            ["Kafka__ConsumerConfig__heartbeat.interval.ms"] = "1500",
            // Which instance took which tasks, and how much it restored: the story of a runtime replaced mid-load.
            ["Logging__LogLevel__Splitstream.Streams"] = "Information",
        };
        appHostEnvironment = environment;
        Gateway = new ServiceProcess("apphost", RepoPaths.Output("infra/Splitstream.AppHost", "Splitstream.AppHost.dll"), environment, [], directory);
        Processors = Gateway;
        store = StoreExtensions.Create(storeOptions);
    }

    private Pipeline(EmbeddedPlatform platform, string directory, PrivatePostgres? postgres, StoreOptions storeOptions)
    {
        this.platform = platform;
        this.directory = directory;
        Postgres = postgres;
        var common = new Dictionary<string, string>
        {
            ["Kafka__BootstrapServers"] = platform.BootstrapServers,
            ["SchemaRegistry__Url"] = platform.SchemaRegistryUrl,
            // The topologies create their changelog and internal topics through the cluster's owner (this process).
            ["Kafka__EmbeddedControlUrl"] = platform.SchemaRegistryUrl,
            ["Auth__SigningKey"] = TestInput.SigningKey,
            ["Logging__LogLevel__Default"] = "Warning",
            // Both read the one store: the gateway its race registrations and uploads, the processors write it.
            ["Store__Postgres"] = storeOptions.Postgres,
            ["Store__SqlitePath"] = storeOptions.SqlitePath,
        };
        gatewayArguments = [];
        Gateway = new ServiceProcess("gateway", RepoPaths.Output("ingest/Splitstream.Ingest", "Splitstream.Ingest.dll"), common, gatewayArguments, directory);
        var processors = new Dictionary<string, string>(common)
        {
            // A SIGKILLed member leaves no LeaveGroup: its partitions wait for its session to expire (45 s by default)
            // before a restarted instance gets them. Deployments that restart fast want it short too (see docs/reliability.md).
            ["Kafka__ConsumerConfig__session.timeout.ms"] = "6000",
            ["Kafka__ConsumerConfig__heartbeat.interval.ms"] = "1500",
            // Which instance took which tasks, and how much it restored: the story of a runtime replaced mid-load.
            ["Logging__LogLevel__Splitstream.Streams"] = "Information",
        };
        Processors = new ServiceProcess("processors", RepoPaths.Output("processors/Splitstream.Processors", "Splitstream.Processors.dll"),
            processors, [], directory);
        store = StoreExtensions.Create(storeOptions);
    }

    /// <summary>The cluster in this process, where faults are injected (not for an AppHost pipeline: its platform is inside it).</summary>
    public EmbeddedPlatform Platform => platform ?? throw new InvalidOperationException("the platform runs inside the AppHost process");

    public PrivatePostgres? Postgres { get; }

    public ServiceProcess Gateway { get; }

    public ServiceProcess Processors { get; }

    /// <summary>Where the gateway listens (set when it first starts; restarts keep it).</summary>
    public Uri GatewayUrl { get; private set; } = null!;

    /// <summary>The AppHost's <c>.data/run.json</c>; null when the services run as separate processes.</summary>
    private string? RunJsonPath => appHostEnvironment is null ? null : Path.Combine(appHostEnvironment["AppHost__DataDirectory"], "run.json");

    public string Output => ReferenceEquals(Gateway, Processors) ? Gateway.Output : Gateway.Output + "\n" + Processors.Output;

    public static async Task<Pipeline> StartAsync(bool postgres)
    {
        // Three brokers, not the default one: the broker faults take one down at a time while the others carry on.
        var platform = await EmbeddedPlatform.StartAsync(brokers: 3);
        var directory = Directory.CreateTempSubdirectory("splitstream-faults-").FullName;
        var server = postgres ? await PrivatePostgres.StartAsync() : null;
        var options = new StoreOptions { Postgres = server?.ConnectionString ?? "", SqlitePath = Path.Combine(directory, "splitstream.db") };
        var pipeline = new Pipeline(platform, directory, server, options);
        // The test reads the store while the processors write it: both migrate (concurrent migration is safe).
        await pipeline.store.MigrateAsync();
        await pipeline.RegisterRacersAsync();
        pipeline.Processors.Start();
        await pipeline.StartGatewayOnFreePortAsync();
        await pipeline.SetGoalsAsync();
        return pipeline;
    }

    /// <summary>`make run` as one child process (AppHost, SIM=0) with its data directory, on SQLite: the platform restart scenarios.</summary>
    public static async Task<Pipeline> StartAppHostAsync()
    {
        var directory = Directory.CreateTempSubdirectory("splitstream-faults-").FullName;
        var options = new StoreOptions { SqlitePath = Path.Combine(directory, "splitstream.db") };
        var pipeline = new Pipeline(directory, options);
        await pipeline.store.MigrateAsync();
        await pipeline.RegisterRacersAsync();
        await pipeline.StartGatewayOnFreePortAsync();
        await pipeline.SetGoalsAsync();
        return pipeline;
    }

    /// <summary>
    /// The gateway (or AppHost) can't bind port 0 and tell us: it gets a picked port, and another when that one was taken
    /// before it could bind it (<see cref="LoopbackPorts"/>). Later restarts keep the port, as a restarted service would.
    /// </summary>
    private Task StartGatewayOnFreePortAsync() => LoopbackPorts.StartAsync(async port =>
    {
        GatewayUrl = new Uri($"http://127.0.0.1:{port}");
        if (appHostEnvironment is not null)
        {
            appHostEnvironment["AppHost__IngestUrl"] = GatewayUrl.ToString().TrimEnd('/');
            appHostEnvironment["AppHost__QueryUrl"] = $"http://127.0.0.1:{LoopbackPorts.Pick()}";
        }
        else
        {
            gatewayArguments!.Clear();
            gatewayArguments.Add($"--urls={GatewayUrl}");
        }
        Gateway.Start();
        await WaitGatewayReadyAsync();
        return port;
    }, e => e is TimeoutException && !Gateway.Running && LoopbackPorts.MentionsPortInUse(Gateway.Output));

    /// <summary>
    /// The input's race as a race object with its racers registered (DESIGN §8: the gateway refuses a race start of an
    /// unregistered user), written to the store before any service starts, as an organiser would have done before the race.
    /// </summary>
    private async Task RegisterRacersAsync()
    {
        var racers = TestInput.Scenario.Racers.ToList();
        var raceId = TestInput.Scenario.RaceId!;
        var races = (IRaceStore)store;
        var course = racers[0].Spec.Route.Vertices.Select(v => new CoursePoint(v.Lat, v.Lon)).ToList();
        await races.CreateRaceAsync(new RaceDetails(raceId, "faults-organiser", "Fault suite race", racers[0].Spec.Sport.ToWireName(),
            TestInput.Scenario.StartMs, course, [], IsPrivate: false, RegistrationOpen: false, TestInput.Scenario.StartMs, 1));
        foreach (var racer in racers)
        {
            await races.AddParticipantAsync(raceId, racer.Spec.UserId, bib: null, TestInput.Scenario.StartMs);
        }
    }

    /// <summary>
    /// The athletes' goals (<see cref="TestGoals"/>), set before the load as <c>PUT /v1/users/{user}/goals</c> does:
    /// saved in the store (which bumps the user's revision), then the user's whole set published to goals.v1 by the query
    /// API's own <see cref="GoalPublisher"/>. Directly, not over HTTP: only the AppHost runs a query API.
    /// </summary>
    private async Task SetGoalsAsync()
    {
        var endpoints = await KafkaEndpointsAsync();
        using var http = endpoints.RegistryHttp();
        using var publisher = new GoalPublisher(new KafkaClients(Options.Create(new KafkaOptions { BootstrapServers = endpoints.BootstrapServers })),
            new HttpSchemaRegistry(http));
        var sets = new Dictionary<string, GoalSet>();
        foreach (var goal in TestGoals.All)
        {
            sets[goal.UserId] = await store.SaveGoalAsync(goal);
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        foreach (var set in sets.Values)
        {
            await publisher.PublishAsync(set, timeout.Token);
        }
    }

    /// <summary>The cluster's endpoints: this process's platform, or those the AppHost's current run wrote to <c>.data/run.json</c>.</summary>
    public async Task<KafkaEndpoints> KafkaEndpointsAsync()
    {
        if (platform is not null)
        {
            return new KafkaEndpoints(platform.BootstrapServers, platform.SchemaRegistryUrl);
        }
        // Written once every service answers (after /readyz of the gateway), removed at an orderly stop.
        var runJson = RunJsonPath!;
        for (var deadline = DateTime.UtcNow.AddSeconds(60); ; await Task.Delay(200))
        {
            try
            {
                using var run = JsonDocument.Parse(await File.ReadAllTextAsync(runJson));
                return new KafkaEndpoints(run.RootElement.GetProperty("kafka_bootstrap").GetString()!,
                    run.RootElement.GetProperty("schema_registry_url").GetString()!);
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or JsonException)
            {
                // Not written yet (or half-written): the AppHost writes it once every service answers.
                if (DateTime.UtcNow > deadline || !Gateway.Running)
                {
                    throw new TimeoutException($"the AppHost wrote no {runJson} (running: {Gateway.Running}):\n" + Gateway.Output, e);
                }
            }
        }
    }

    /// <summary>SIGKILL the gateway, then start it again on the same port once <paramref name="down"/> has passed.</summary>
    public async Task KillGatewayAsync(TimeSpan down)
    {
        Gateway.Kill();
        if (RunJsonPath is { } runJson)
        {
            // A SIGKILLed AppHost can't remove its run.json, which names the dead process's cluster: the restarted one
            // writes its own once every service answers, and that is what readiness waits for.
            File.Delete(runJson);
        }
        await Task.Delay(down);
        Gateway.Start();
    }

    public async Task KillProcessorsAsync(TimeSpan down)
    {
        Processors.Kill();
        await Task.Delay(down);
        Processors.Start();
    }

    /// <summary>
    /// Until the gateway answers /readyz with 200; for the AppHost also until its run.json is there, which it writes once
    /// every service (the query API too, on its own picked port) answers. A process that exits meanwhile (a port taken
    /// between picking and binding it) is a <see cref="TimeoutException"/> with its output, at once.
    /// </summary>
    public async Task WaitGatewayReadyAsync()
    {
        using var http = new HttpClient { BaseAddress = GatewayUrl, Timeout = TimeSpan.FromSeconds(5) };
        for (var deadline = DateTime.UtcNow.AddSeconds(90); ; await Task.Delay(200))
        {
            try
            {
                if ((await http.GetAsync("/readyz")).StatusCode == HttpStatusCode.OK && (RunJsonPath is null || File.Exists(RunJsonPath)))
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Slow to answer on a loaded machine: ask again.
            }
            if (DateTime.UtcNow > deadline || !Gateway.Running)
            {
                throw new TimeoutException($"the {(RunJsonPath is null ? "gateway" : "AppHost")} did not become ready (running: {Gateway.Running}):\n" + Gateway.Output);
            }
        }
    }

    /// <summary>Every stored GPS and heart-rate time of these activities (as stored: a duplicate row would show twice).</summary>
    public async Task<Dictionary<string, StoredTimes>> ReadPointsAsync(IEnumerable<string> activityIds)
    {
        var found = new Dictionary<string, StoredTimes>();
        foreach (var id in activityIds)
        {
            var gps = await store.GetGpsAsync(id);
            var hr = await store.GetHeartRateAsync(id);
            found[id] = new StoredTimes(gps.Select(p => p.TimeMs).ToList(), hr.Select(p => p.TimeMs).ToList());
        }
        return found;
    }

    public async Task<Dictionary<string, ActivityRecord?>> ReadActivitiesAsync(IEnumerable<string> activityIds)
    {
        var found = new Dictionary<string, ActivityRecord?>();
        foreach (var id in activityIds)
        {
            found[id] = await store.GetActivityAsync(id);
        }
        return found;
    }

    /// <summary>
    /// Polls the store until every expected time is there (or the timeout passes, then returns what is there): the
    /// sinks commit in batches, and after a restart they re-read from their last committed offsets.
    /// </summary>
    public async Task<Dictionary<string, StoredTimes>> WaitForPointsAsync(IReadOnlyDictionary<string, StoredTimes> expected, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            Dictionary<string, StoredTimes>? found = null;
            try
            {
                found = await ReadPointsAsync(expected.Keys);
            }
            catch (Exception e) when (e is Npgsql.NpgsqlException or System.Net.Sockets.SocketException && DateTime.UtcNow < deadline)
            {
                // The private PostgreSQL may be coming back from its restart.
            }
            if (found is not null && (expected.All(e => Covers(found[e.Key], e.Value)) || DateTime.UtcNow > deadline))
            {
                return found;
            }
            await Task.Delay(250);
        }
    }

    /// <summary>Polls until <paramref name="done"/> holds for the activity records (or the timeout passes).</summary>
    public async Task<Dictionary<string, ActivityRecord?>> WaitForActivitiesAsync(IReadOnlyCollection<string> ids,
        Func<Dictionary<string, ActivityRecord?>, bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var found = await ReadActivitiesAsync(ids);
            if (done(found) || DateTime.UtcNow > deadline)
            {
                return found;
            }
            await Task.Delay(250);
        }
    }

    /// <summary>
    /// What the pipeline derived from the activities, downstream of their summaries, as "kind id" → text (null: absent):
    /// the weekly boards they count on (global and their country's), the goal progress of <see cref="TestGoals"/> for the
    /// input's week and year, and the input's race (its registered racers, its standings). Each text leaves out what
    /// the contract derives from the wall clock, so two runs of the same input must agree on every entry.
    /// </summary>
    public async Task<Dictionary<string, string?>> ReadResultsAsync(IEnumerable<ActivityOutcome?> activities)
    {
        var results = new Dictionary<string, string?>();
        var boardIds = activities.OfType<ActivityOutcome>()
            .SelectMany(a => new[] { "global", a.Country }.Where(scope => scope.Length > 0)
                .Select(scope => BoardIds.Of(a.Sport, scope, BoardIds.IsoWeek(a.StartedAtMs))))
            .Distinct().Order();
        foreach (var id in boardIds)
        {
            // Rows only: the header's update time is wall-clock and differs between runs by design.
            var board = await store.GetLeaderboardAsync(id, viewerId: "", limit: 100);
            results["board " + id] = board is null ? null : string.Join("; ", board.Rows.Select(r => $"{r.Rank} {r.UserId} {r.DistanceM:R} {r.Activities}"));
        }
        foreach (var user in TestGoals.All.Select(g => g.UserId).Distinct())
        {
            var progress = (await store.GetGoalProgressAsync(user, TestGoals.PeriodKeys)).ToDictionary(p => (p.GoalId, p.PeriodKey));
            foreach (var goal in TestGoals.All.Where(g => g.UserId == user))
            {
                var period = GoalPeriods.KeyOf(goal.Period, TestInput.Scenario.StartMs);
                results[$"goal {user}|{goal.GoalId}|{period}"] = progress.GetValueOrDefault((goal.GoalId, period)) is { } p
                    ? $"{p.Value:R} of {p.Target:R}, {p.Activities} activities, updated at {p.UpdatedAtMs}, {Achievement(p)}"
                    : null;
            }
        }
        var raceId = TestInput.Scenario.RaceId!;
        var racers = await ((IRaceStore)store).GetParticipantsAsync(raceId);
        results[$"racers {raceId}"] = string.Join("; ", racers.Select(r => $"{r.UserId} bib {r.Bib}").Order(StringComparer.Ordinal));
        results[$"standings {raceId}"] = RaceStandingsReader.Latest(await KafkaEndpointsAsync(), raceId) is { } standings
            ? RaceStandingsReader.Deterministic(standings)
            : null;
        return results;
    }

    /// <summary>
    /// Whether the goal period was achieved, and when: the stored achieved-at settles to the newest sample of the
    /// activity that took the value to the target (leaderboards README), so it must equal the fault-free run's exactly,
    /// whatever pace or restarts the summaries came with.
    /// </summary>
    private static string Achievement(Splitstream.Schemas.V1.GoalProgress progress) =>
        progress.Achieved ? $"achieved at {progress.AchievedAtMs}" : "not achieved";

    public static bool Covers(StoredTimes found, StoredTimes expected)
    {
        var (gps, hr) = (found.Gps.ToHashSet(), found.Hr.ToHashSet());
        return expected.Gps.All(gps.Contains) && expected.Hr.All(hr.Contains);
    }

    public async ValueTask DisposeAsync()
    {
        Gateway.Dispose();
        Processors.Dispose();
        await store.DisposeAsync();
        if (Postgres is not null)
        {
            await Postgres.DisposeAsync();
        }
        if (platform is not null)
        {
            await platform.DisposeAsync();
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }
}
