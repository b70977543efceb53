using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Splitstream.Schemas;

namespace Splitstream.Platform;

/// <summary>
/// Everything `make run` needs instead of real infrastructure: a 3-broker Kafka-compatible cluster with the topics of
/// DESIGN §2, and a schema registry (REST on a random loopback port) that keeps its schemas in the cluster.
/// </summary>
public sealed class EmbeddedPlatform : IAsyncDisposable
{
    private readonly WebApplication registryServer;

    private EmbeddedPlatform(EmbeddedKafkaCluster cluster, KafkaSchemaRegistry registry, WebApplication registryServer, string registryUrl)
    {
        Cluster = cluster;
        Registry = registry;
        this.registryServer = registryServer;
        SchemaRegistryUrl = registryUrl;
    }

    public EmbeddedKafkaCluster Cluster { get; }

    public KafkaSchemaRegistry Registry { get; }

    public string BootstrapServers => Cluster.BootstrapServers;

    public string SchemaRegistryUrl { get; }

    public static async Task<EmbeddedPlatform> StartAsync(int partitions = TopicCatalog.DefaultPartitions, int brokers = 3,
        CancellationToken cancellationToken = default)
    {
        var cluster = EmbeddedKafkaCluster.Start(brokers, TopicCatalog.All(partitions));
        try
        {
            var registry = await KafkaSchemaRegistry.OpenAsync(cluster.BootstrapServers, cancellationToken);
            var (server, url) = await StartRegistryServerAsync(registry, cluster, cancellationToken);
            return new EmbeddedPlatform(cluster, registry, server, url);
        }
        catch
        {
            cluster.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await registryServer.StopAsync();
        await registryServer.DisposeAsync();
        Registry.Dispose();
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
