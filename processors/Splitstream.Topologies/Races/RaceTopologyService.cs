using Splitstream.Platform;
using Splitstream.Schemas;
using Splitstream.Streams;

namespace Splitstream.Processors.Races;

/// <summary>
/// Hosts one race topology: makes sure its topics exist (through <see cref="ITopicProvisioner"/>), builds the
/// topology (its serdes register their schemas, hence async), then runs it like any <see cref="StreamsHostedService"/>.
/// </summary>
public sealed class RaceTopologyService(
    Func<CancellationToken, Task<Topology>> build, StreamsConfig config, IReadOnlyList<TopicSpec> topics, ITopicProvisioner provisioner,
    ILogger<KafkaStreamsRuntime> logger) : IHostedService, IAsyncDisposable
{
    private StreamsHostedService? hosted;

    public string ApplicationId => config.ApplicationId;

    /// <summary>The running runtime (metrics, tasks, state), once started.</summary>
    public KafkaStreamsRuntime? Runtime => hosted?.Runtime;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await provisioner.EnsureTopicsAsync(topics, cancellationToken);
        var topology = await build(cancellationToken);
        hosted = new StreamsHostedService(() => new KafkaStreamsRuntime(topology, config, provisioner, logger), logger);
        await hosted.StartAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => hosted?.StopAsync(cancellationToken) ?? Task.CompletedTask;

    public ValueTask DisposeAsync() => hosted?.DisposeAsync() ?? ValueTask.CompletedTask;
}
