using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Splitstream.Ingest;

/// <summary>Not ready until the registry has caught up with activity.events.v1: before that a known activity could look unknown.</summary>
public sealed class ActivityRegistryReadinessCheck(ActivityRegistry registry) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(registry.IsCaughtUp
            ? HealthCheckResult.Healthy($"{registry.Count} activities")
            : HealthCheckResult.Unhealthy("catching up with " + Splitstream.Schemas.Topics.ActivityEvents));
}
