using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Splitstream.Streams;

/// <summary>
/// Hosts one topology in a generic host: starts its runtime with the host, and stops it gracefully (commit, leave the
/// group) when the host stops. A runtime that fails on its own (a write Kafka refused, a restore that could not finish)
/// is replaced by a new one after a back-off, as Kafka Streams replaces a dead stream thread: the new runtime restores
/// its stores from the changelogs and goes on from the last commit, so nothing is lost and, with deduplicating state,
/// nothing is counted twice. The one way a topology is hosted: the processors host registers each through
/// <c>AddTopology</c> (Splitstream.Topologies), keyed by its application id.
/// </summary>
/// <param name="applicationId">The topology's application id (its consumer group), which names it in logs and tests.</param>
/// <param name="createRuntime">
/// Makes a runtime: ensures the topology's topics and builds it (its serdes register their schemas, hence async). Called
/// at start and again for every replacement, so a replacement gets fresh processors.
/// </param>
public sealed class StreamsHostedService(string applicationId, Func<CancellationToken, Task<KafkaStreamsRuntime>> createRuntime, ILogger? logger = null)
    : IHostedService, IAsyncDisposable
{
    private static readonly TimeSpan CheckInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);
    // A replacement that has run this long without failing counts as recovered: the next failure starts the back-off anew.
    private static readonly TimeSpan StableAfter = TimeSpan.FromSeconds(60);
    // How long a failed runtime gets to close its clients. librdkafka can hang destroying a group consumer after broker
    // trouble (confluentinc/librdkafka#4674); a replacement must not wait for it for ever.
    private static readonly TimeSpan AbandonAfter = TimeSpan.FromSeconds(30);

    private readonly ILogger log = logger ?? NullLogger.Instance;
    private readonly CancellationTokenSource stopping = new();
    private volatile KafkaStreamsRuntime? runtime;
    private Task? supervision;
    private int disposed;

    public string ApplicationId => applicationId;

    /// <summary>The current runtime (metrics, assigned tasks, state), once started.</summary>
    public KafkaStreamsRuntime? Runtime => runtime;

    /// <summary>How many times a failed runtime has been replaced.</summary>
    public int Restarts { get; private set; }

    /// <summary>How many failed runtimes did not release their clients in time and were left behind (see <see cref="AbandonAfter"/>).</summary>
    public int Abandoned { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var first = await createRuntime(cancellationToken);
        runtime = first;
        await first.StartAsync(cancellationToken);
        supervision = Task.Run(() => SuperviseAsync(stopping.Token), CancellationToken.None);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await stopping.CancelAsync();
        if (supervision is not null)
        {
            await supervision.WaitAsync(cancellationToken);
        }
        if (runtime is { } current)
        {
            await current.StopAsync().WaitAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Hosts may dispose it twice (registered as itself and as an IHostedService).
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }
        await stopping.CancelAsync();
        if (supervision is not null)
        {
            await supervision;
        }
        if (runtime is { } current)
        {
            await current.DisposeAsync();
        }
        stopping.Dispose();
    }

    /// <summary>Waits for a failed runtime to release its clients, at most <see cref="AbandonAfter"/>.</summary>
    private async Task DisposeFailedAsync(KafkaStreamsRuntime failed, CancellationToken cancellationToken)
    {
        try
        {
            await failed.DisposeAsync().AsTask().WaitAsync(AbandonAfter, cancellationToken);
        }
        catch (TimeoutException)
        {
            // Its stores are closed already (the runtime closes its tasks before its clients), so the replacement can
            // open them; what is left is a client that may stay in the group until its session times out.
            Abandoned++;
            log.LogError("Failed streams runtime of {ApplicationId} did not release its Kafka clients within {Wait}; replacing it anyway (abandoned {Abandoned})",
                applicationId, AbandonAfter, Abandoned);
        }
    }

    private async Task SuperviseAsync(CancellationToken cancellationToken)
    {
        var backoff = FirstBackoff;
        var runningSince = DateTime.UtcNow;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(CheckInterval, cancellationToken);
                if (runtime is not { State: RuntimeState.Failed } failed)
                {
                    if (DateTime.UtcNow - runningSince > StableAfter)
                    {
                        backoff = FirstBackoff;
                    }
                    continue;
                }
                log.LogError(failed.Failure, "Streams runtime of {ApplicationId} failed; replacing it in {Backoff} (restart {Restart})",
                    applicationId, backoff, Restarts + 1);
                await DisposeFailedAsync(failed, cancellationToken);
                await Task.Delay(backoff, cancellationToken);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
                Restarts++;
                runningSince = DateTime.UtcNow;
                KafkaStreamsRuntime? next = null;
                try
                {
                    next = await createRuntime(cancellationToken);
                    runtime = next;
                    await next.StartAsync(cancellationToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The replacement could not be made (its topics could not be ensured, its schemas not registered)
                    // or could not start (Kafka still unreachable, say): its state says Failed or not started; either
                    // way the loop tries again after the next back-off.
                    log.LogError(e, "Replacement streams runtime of {ApplicationId} did not start", applicationId);
                    if (next is null)
                    {
                        runtime = failed;
                    }
                    else if (next.State != RuntimeState.Failed)
                    {
                        await next.KillAsync();
                        runtime = failed;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Host stopping.
        }
    }
}
