using System.Data.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Splitstream.Ingest;
using Splitstream.Platform;
using Splitstream.Processors;
using Splitstream.Processors.Sinks;
using Splitstream.Schemas;
using Splitstream.ServiceDefaults;
using Splitstream.Store;

namespace Splitstream.Bench.E2E;

/// <summary>
/// Everything `make run` composes, in this one process (the soak puts the embedded platform in a child process): the
/// embedded platform, the gateway (real Kestrel on a loopback port) and the processors host (sinks and whatever
/// topologies <see cref="ProcessorsExtensions.AddProcessors"/> hosts) writing a SQLite store in a temporary directory
/// (or a PostgreSQL database given at start); with more than one instance, that many of each.
/// </summary>
public sealed class InProcessPipeline : IAsyncDisposable
{
    public const string SigningKey = "bench-e2e-signing-key-0123456789abcdef";

    private InProcessPipeline(EmbeddedPlatform? platform, PlatformProcess? platformProcess, string bootstrapServers, ISchemaRegistry registry,
        ITopicProvisioner topics, IReadOnlyList<WebApplication> gateways, IReadOnlyList<IHost> processors, string directory, StoreOptions store)
    {
        Platform = platform;
        PlatformProcess = platformProcess;
        BootstrapServers = bootstrapServers;
        Registry = registry;
        Topics = topics;
        Gateways = gateways;
        ProcessorInstances = processors;
        Directory = directory;
        Store = store;
    }

    /// <summary>The embedded platform when it runs in this process (every bench but the soak); null otherwise.</summary>
    public EmbeddedPlatform? Platform { get; }

    /// <summary>The embedded platform's own process (the soak), so this process's memory is the pipeline's alone; null otherwise.</summary>
    public PlatformProcess? PlatformProcess { get; }

    public string BootstrapServers { get; }

    public ISchemaRegistry Registry { get; }

    /// <summary>Creates topics on the cluster (the baselines' own), wherever it runs.</summary>
    public ITopicProvisioner Topics { get; }

    /// <summary>The gateways, all on the same cluster and store; the load is spread over them.</summary>
    public IReadOnlyList<WebApplication> Gateways { get; }

    /// <summary>The processors hosts: the same consumer groups, so the cluster splits the partitions between them.</summary>
    public IReadOnlyList<IHost> ProcessorInstances { get; }

    public string Directory { get; }

    /// <summary>The store every instance writes: SQLite in <see cref="Directory"/>, or the PostgreSQL database given at start.</summary>
    public StoreOptions Store { get; }

    public string StoreDescription => string.IsNullOrEmpty(Store.Postgres)
        ? "SQLite " + Store.SqlitePath
        : "PostgreSQL database " + new NpgsqlConnectionStringBuilder(Store.Postgres).Database;

    /// <summary>Another connection to the store (the bench's own reads and race set-up), as the services open theirs.</summary>
    public SqlStore OpenStore() => (SqlStore)StoreExtensions.Create(Store);

    /// <summary>A plain connection to where the store keeps points (SQLite: the points file), for the probe that reads the newest stored point of each activity.</summary>
    public DbConnection OpenProbeConnection() => string.IsNullOrEmpty(Store.Postgres)
        ? new SqliteConnection($"Data Source={SqliteStore.PointsPathFor(Store.SqlitePath)};Mode=ReadOnly;Pooling=False")
        : new NpgsqlConnection(Store.Postgres);

    /// <summary>Every instance's sinks (the processors hosts' <see cref="BatchingSink"/> hosted services).</summary>
    public IReadOnlyList<BatchingSink> Sinks =>
        [.. ProcessorInstances.SelectMany(h => h.Services.GetServices<IHostedService>().OfType<BatchingSink>())];

    /// <summary>The SQLite files' write gates in this process, by name (main file, points file); none for PostgreSQL.</summary>
    public IReadOnlyDictionary<string, SqliteWriteGate> WriteGates => string.IsNullOrEmpty(Store.Postgres)
        ? new Dictionary<string, SqliteWriteGate>
        {
            ["main"] = SqliteWriteGate.For(Store.SqlitePath),
            ["points"] = SqliteWriteGate.For(SqliteStore.PointsPathFor(Store.SqlitePath)),
        }
        : new Dictionary<string, SqliteWriteGate>();

    public StoreWriteTimes StoreWriteTimes() => E2E.StoreWriteTimes.Snapshot(Sinks, WriteGates);

    public IReadOnlyList<Uri> GatewayUrls => [.. Gateways.Select(g => new Uri(g.Urls.First()))];

    public Uri GatewayUrl => GatewayUrls[0];

    /// <summary>
    /// Starts <paramref name="instances"/> processors hosts and as many gateways (the scale-out configuration of issue
    /// 16: one consumer group per topology across the instances, the gateways behind a client that spreads the load).
    /// Every instance has a state directory of its own, as on separate machines; they share the store. With
    /// <paramref name="platformInChildProcess"/> the embedded platform runs in a <see cref="E2E.PlatformProcess"/> and the
    /// pipeline reaches it as services of another process do (registry over HTTP, topics through its control API).
    /// </summary>
    public static async Task<InProcessPipeline> StartAsync(int instances = 1, IReadOnlyDictionary<string, string?>? configuration = null, string? postgres = null,
        bool platformInChildProcess = false)
    {
        EmbeddedPlatform? platform = null;
        PlatformProcess? platformProcess = null;
        string bootstrapServers, registryUrl;
        ISchemaRegistry registry;
        ITopicProvisioner topics;
        if (platformInChildProcess)
        {
            platformProcess = await E2E.PlatformProcess.StartAsync();
            (bootstrapServers, registryUrl) = (platformProcess.BootstrapServers, platformProcess.SchemaRegistryUrl);
            registry = RemoteSchemaRegistry.Create(registryUrl);
            topics = new HttpTopicProvisioner(new Uri(registryUrl));
        }
        else
        {
            platform = await EmbeddedPlatform.StartAsync();
            (bootstrapServers, registryUrl) = (platform.BootstrapServers, platform.SchemaRegistryUrl);
            registry = platform.Registry;
            topics = new EmbeddedTopicProvisioner(platform.Cluster);
        }
        var directory = System.IO.Directory.CreateTempSubdirectory("splitstream-bench-e2e-").FullName;
        var settings = new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = bootstrapServers,
            ["SchemaRegistry:Url"] = registryUrl,
            ["Auth:SigningKey"] = SigningKey,
            ["Store:SqlitePath"] = Path.Combine(directory, "splitstream.db"),
            ["Store:Postgres"] = postgres ?? "",
            // One load generator is one token subject: lift the per-device limit, it is not what is measured.
            ["Ingest:RateLimitPermitsPerSecond"] = "100000000",
            ["Ingest:RateLimitBurst"] = "100000000",
        };
        if (instances > 1)
        {
            // Several hosts join each sink's group one after another. The embedded cluster takes a member into a formed
            // group only after waiting session.timeout.ms − 1 s for the others to rejoin, twice for a cooperative
            // hand-over (platform README): 88 s at the sinks' default 45 s, so the first stages would run with one
            // host's sinks and refused commits. A real broker rebalances once every member rejoined; 6 s comes closest.
            // It reaches the topologies' consumers too, whose own default is 6 s already.
            settings["Kafka:ConsumerConfig:session.timeout.ms"] = "6000";
        }
        foreach (var (key, value) in configuration ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var processors = new List<IHost>();
        for (var i = 0; i < instances; i++)
        {
            // The content root is where the hosts watch their config files from, recursively (reloadOnChange): the
            // working directory by default. Run from /tmp, the run's data directory is under it, so every SQLite,
            // RocksDB and archive write is an event for the watcher thread: such runs showed '.NET File Watch' at
            // 11-17 CPU-s per 30 s stage at 150,000/s. The build output, as make run's hosts use, has no writes.
            var processorsBuilder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory });
            processorsBuilder.Logging.SetMinimumLevel(LogLevel.Warning);
            // The bench's event time runs ~100x faster than the wall clock (240 activities stand for thousands of 1 Hz
            // devices), so its samples are older than the stream time the records' wall-clock timestamps set, and every
            // record would log a late-window warning. Windows are not what this measures; the warnings' I/O would be.
            processorsBuilder.Logging.AddFilter("Splitstream.Streams.KafkaStreamsRuntime", LogLevel.Error);
            processorsBuilder.Configuration.AddInMemoryCollection(settings);
            // Not the default .data/state under the working directory: a rerun would restore a previous run's state.
            processorsBuilder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Processors:StateDir"] = Path.Combine(directory, $"state-{i}") });
            processorsBuilder.Services.TryAddSingleton(registry);
            // The embedded cluster has no CreateTopics API: the topologies create theirs through its owner (this process's
            // platform, or the platform process's control API).
            processorsBuilder.Services.TryAddSingleton(topics);
            processorsBuilder.AddServiceDefaults();
            processorsBuilder.AddProcessors();
            var host = processorsBuilder.Build();
            await host.StartAsync();
            processors.Add(host);
        }

        if (instances > 1 && platform is not null)
        {
            await WaitForSinkGroupsAsync(processors, platform.Cluster);
        }

        var gateways = new List<WebApplication>();
        for (var i = 0; i < instances; i++)
        {
            var gatewayBuilder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
            gatewayBuilder.WebHost.UseUrls("http://127.0.0.1:0");
            gatewayBuilder.Logging.SetMinimumLevel(LogLevel.Warning);
            gatewayBuilder.Configuration.AddInMemoryCollection(settings);
            gatewayBuilder.Services.TryAddSingleton(registry);
            gatewayBuilder.AddServiceDefaults();
            gatewayBuilder.AddIngest();
            var gateway = gatewayBuilder.Build();
            gateway.UseIngest();
            gateway.MapDefaultEndpoints();
            gateway.MapIngestApiV1();
            await gateway.StartAsync();
            gateways.Add(gateway);

            using var probe = new HttpClient { BaseAddress = new Uri(gateway.Urls.First()) };
            for (var deadline = DateTime.UtcNow.AddSeconds(60); !(await probe.GetAsync("/readyz")).IsSuccessStatusCode; await Task.Delay(100))
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException("the gateway did not become ready");
                }
            }
        }
        return new InProcessPipeline(platform, platformProcess, bootstrapServers, registry, topics, gateways, processors, directory,
            new StoreOptions { SqlitePath = settings["Store:SqlitePath"]!, Postgres = settings["Store:Postgres"] ?? "" });
    }

    /// <summary>
    /// Waits until every host's sinks own a share of their group's partitions, so the measured stages start with the
    /// sinks spread over the hosts (as after a real broker's rebalance) rather than during the hand-over.
    /// </summary>
    private static async Task WaitForSinkGroupsAsync(IReadOnlyList<IHost> processors, EmbeddedKafkaCluster cluster)
    {
        var sinks = processors.SelectMany(h => h.Services.GetServices<IHostedService>().OfType<BatchingSink>()).ToList();
        var partitions = cluster.Topics.ToDictionary(t => t.Name, t => t.Partitions, StringComparer.Ordinal);
        // By group, not by name: a host's activity-sink loops (Sinks:ActivityLoops) are differently named members of one group.
        bool Settled() => sinks.All(s => s.AssignedPartitions > 0) && sinks.GroupBy(s => s.GroupId)
            .All(g => g.Sum(s => s.AssignedPartitions) == g.First().Topics.Sum(t => partitions[t]));
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!Settled())
        {
            if (waited.Elapsed > TimeSpan.FromSeconds(120))
            {
                throw new TimeoutException("the sinks' consumer groups did not settle: " +
                    string.Join(", ", sinks.Select(s => $"{s.Name} {s.AssignedPartitions}")));
            }
            await Task.Delay(100);
        }
        Console.WriteLine($"sink groups settled over {processors.Count} hosts in {waited.Elapsed.TotalSeconds:F1} s: " +
            string.Join(", ", sinks.Select(s => $"{s.Name} {s.AssignedPartitions}")));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var gateway in Gateways)
        {
            await gateway.StopAsync();
            await gateway.DisposeAsync();
        }
        foreach (var processors in ProcessorInstances)
        {
            await processors.StopAsync();
            processors.Dispose();
        }
        if (Platform is not null)
        {
            await Platform.DisposeAsync();
        }
        if (PlatformProcess is not null)
        {
            await PlatformProcess.DisposeAsync();
        }
        SqliteConnection.ClearAllPools();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
