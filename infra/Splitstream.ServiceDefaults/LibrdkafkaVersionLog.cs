using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Splitstream.Platform;

namespace Splitstream.ServiceDefaults;

/// <summary>
/// One line at start saying which librdkafka this process loaded and from where (a silently loaded system librdkafka
/// is the failure this guards against); once per process, however many hosts it composes.
/// </summary>
internal sealed class LibrdkafkaVersionLog(ILogger<LibrdkafkaVersionLog> logger) : IHostedService
{
    private static int logged;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref logged, 1) == 0)
        {
            logger.LogInformation("{Librdkafka}", KafkaNative.Describe());
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
