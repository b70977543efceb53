using Confluent.Kafka;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Splitstream.ServiceDefaults;

/// <summary>Ready when a broker answers a metadata request within two seconds, so /readyz tells the truth about Kafka.</summary>
public sealed class KafkaReadinessCheck(KafkaClients clients) : IHealthCheck, IDisposable
{
    private readonly Lazy<IAdminClient> admin = new(() => new AdminClientBuilder(clients.Admin("splitstream-readiness"))
        .SetLogHandler((_, _) => { })
        .Build());

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.Run(() =>
        {
            try
            {
                var metadata = admin.Value.GetMetadata(TimeSpan.FromSeconds(2));
                var brokers = metadata.Brokers.Count;
                return brokers > 0
                    ? HealthCheckResult.Healthy($"{brokers} brokers")
                    : HealthCheckResult.Unhealthy("no brokers in metadata");
            }
            catch (KafkaException e)
            {
                return HealthCheckResult.Unhealthy("Kafka unreachable: " + e.Error.Reason);
            }
        }, cancellationToken);

    public void Dispose()
    {
        if (admin.IsValueCreated)
        {
            admin.Value.Dispose();
        }
    }
}
