namespace Splitstream.Ingest;

/// <summary>Registers the value schemas at start-up so the first device request does not wait for the registry.</summary>
public sealed class PublisherWarmUp(TelemetryPublisher publisher, ILogger<PublisherWarmUp> log) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await publisher.WarmUpAsync(cancellationToken);
        }
        catch (HttpRequestException e)
        {
            // Not fatal: the first publish retries the registration and answers 503 while the registry is away.
            log.LogWarning(e, "schema registration deferred: registry unreachable");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
