using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Splitstream.Store;

/// <summary>Ready when the store answers a query and its schema is at the latest migration, so /readyz covers the store.</summary>
public sealed class StoreReadinessCheck(IStoreLifecycle store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(2));
            await store.PingAsync(timeout.Token);
            var version = await store.SchemaVersionAsync(timeout.Token);
            return version > 0
                ? HealthCheckResult.Healthy($"schema version {version}")
                : HealthCheckResult.Unhealthy("schema not migrated yet");
        }
        catch (Exception e) when (e is System.Data.Common.DbException or OperationCanceledException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("store unreachable: " + e.GetType().Name);
        }
    }
}
