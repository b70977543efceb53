using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Splitstream.QueryApi.Races;

/// <summary>/readyz: not ready while the standings view is still reading the topic it starts from.</summary>
public sealed class RaceStandingsReadinessCheck(RaceStandingsView view) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(view.CaughtUp
            ? HealthCheckResult.Healthy($"{view.RaceCount} races")
            : HealthCheckResult.Unhealthy("loading race standings"));
}
