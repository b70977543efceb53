using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Splitstream.Platform.Archive;
using Splitstream.Schemas;

namespace Splitstream.Platform;

/// <summary>
/// Everything `make run` needs instead of real infrastructure: a Kafka-compatible cluster with the topics of
/// DESIGN §2, and a schema registry (REST on a random loopback port) that keeps its schemas in the cluster. Given a data
/// directory, the cluster survives restarts (SIGKILL included) through its <see cref="PlatformArchive"/>: restored
/// before anything can use it, archived while it runs.
/// </summary>
public sealed class EmbeddedPlatform : IAsyncDisposable
{
    private readonly WebApplication registryServer;

    private EmbeddedPlatform(EmbeddedKafkaCluster cluster, KafkaSchemaRegistry registry, WebApplication registryServer, string registryUrl,
        PlatformArchive? archive, RestoreReport? restored)
    {
        Cluster = cluster;
        Registry = registry;
        this.registryServer = registryServer;
        SchemaRegistryUrl = registryUrl;
        Archive = archive;
        Restored = restored;
    }

    public EmbeddedKafkaCluster Cluster { get; }

    public KafkaSchemaRegistry Registry { get; }

    public string BootstrapServers => Cluster.BootstrapServers;

    public string SchemaRegistryUrl { get; }

    /// <summary>The durable copy of the cluster under the data directory; null for a throw-away (test) platform.</summary>
    public PlatformArchive? Archive { get; }

    /// <summary>What the start restored from <see cref="Archive"/> (null without one).</summary>
    public RestoreReport? Restored { get; }

    /// <summary>When a producer's acknowledged record is durable: the archive's fsync, or at once without an archive.</summary>
    public IRecordDurability Durability => (IRecordDurability?)Archive ?? BrokerDurability.Instance;

    /// <summary>
    /// One broker unless a caller asks for more (the fault tests take brokers down one at a time). Brokers of the mock
    /// cluster live in one process and add no durability (the archive is that), but every Kafka client keeps a thread
    /// and a connection per broker and fetches from each: at 150,000 samples/s offered the pipeline on one broker stored a
    /// median 6% more points with less CPU (bench/results.md, session of 2026-12-05).
    /// </summary>
    public const int DefaultBrokers = 1;

    /// <param name="dataDirectory">Where the archive lives (e.g. <c>.data/kafka</c>); null keeps everything in memory only.</param>
    public static async Task<EmbeddedPlatform> StartAsync(int partitions = TopicCatalog.DefaultPartitions, int brokers = DefaultBrokers,
        CancellationToken cancellationToken = default, string? dataDirectory = null, ArchiveOptions? archiveOptions = null,
        ILoggerFactory? loggerFactory = null)
    {
        var cluster = EmbeddedKafkaCluster.Start(brokers, TopicCatalog.All(partitions));
        PlatformArchive? archive = null;
        try
        {
            RestoreReport? restored = null;
            if (dataDirectory is not null)
            {
                archive = PlatformArchive.Open(dataDirectory, archiveOptions,
                    (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<PlatformArchive>());
                restored = await Task.Run(() => archive.Restore(cluster, cancellationToken), cancellationToken);
                archive.Start(cluster);
            }
            var registry = await KafkaSchemaRegistry.OpenAsync(cluster.BootstrapServers, cancellationToken);
            var (server, url) = await StartRegistryServerAsync(registry, cluster, cancellationToken);
            return new EmbeddedPlatform(cluster, registry, server, url, archive, restored);
        }
        catch
        {
            archive?.Dispose();
            cluster.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await registryServer.StopAsync();
        await registryServer.DisposeAsync();
        Registry.Dispose();
        // After the registry's last write, before the cluster goes: the archive drains to the end offsets first.
        Archive?.Dispose();
        Cluster.Dispose();
    }

    private static async Task<(WebApplication Server, string Url)> StartRegistryServerAsync(KafkaSchemaRegistry registry, EmbeddedKafkaCluster cluster,
        CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddSingleton(registry);
        var app = builder.Build();
        app.MapSchemaRegistryApi();
        app.MapEmbeddedTopicsApi(cluster);
        await app.StartAsync(cancellationToken);
        return (app, app.Urls.First());
    }
}
