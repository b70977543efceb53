using Microsoft.Extensions.Hosting;

namespace Splitstream.Streams;

/// <summary>
/// Hosts one topology in a generic host: starts its runtime with the host and stops it gracefully (commit, leave the
/// group) when the host stops. A runtime that fails stops the host's processing of that topology, loudly, in the log.
/// </summary>
public sealed class StreamsHostedService(Func<KafkaStreamsRuntime> createRuntime) : IHostedService, IAsyncDisposable
{
    private KafkaStreamsRuntime? runtime;

    /// <summary>The running runtime (metrics, assigned tasks, state), once started.</summary>
    public KafkaStreamsRuntime? Runtime => runtime;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        runtime = createRuntime();
        await runtime.StartAsync(cancellationToken);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (runtime is not null)
        {
            await runtime.StopAsync().WaitAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (runtime is not null)
        {
            await runtime.DisposeAsync();
        }
    }
}
