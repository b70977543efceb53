using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Splitstream.ServiceDefaults;

/// <summary>
/// The revoked device credentials, as this instance last read them from the account store, at most
/// <see cref="AuthOptions.RevocationRefreshSeconds"/> old (≤ 5 s) whenever a device token is checked: a revoked device
/// token is refused on every instance within 5 s. Loaded on demand, so a process that never sees a device credential
/// never touches the store. Fails closed: when the store cannot be read, device-credential tokens are refused
/// (development tokens without <c>device_id</c> are not affected).
/// </summary>
public sealed class DeviceRevocationList(
    Func<CancellationToken, Task<IReadOnlyCollection<string>>> load, IOptions<AuthOptions> options, TimeProvider time, ILogger<DeviceRevocationList> log)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(5);
    private readonly SemaphoreSlim reloading = new(1, 1);
    private volatile Snapshot? current;

    /// <summary>True when <paramref name="deviceId"/> is revoked, or when the list cannot be read fresh enough to tell.</summary>
    public async ValueTask<bool> IsRevokedAsync(string deviceId, CancellationToken cancellationToken)
    {
        var snapshot = await FreshAsync(cancellationToken);
        return snapshot is null || snapshot.Revoked.Contains(deviceId);
    }

    private async ValueTask<Snapshot?> FreshAsync(CancellationToken cancellationToken)
    {
        var maxAge = TimeSpan.FromSeconds(Math.Clamp(options.Value.RevocationRefreshSeconds, 0, MaxAge.TotalSeconds));
        if (current is { } fresh && time.GetUtcNow() - fresh.LoadedAt <= maxAge)
        {
            return fresh;
        }
        await reloading.WaitAsync(cancellationToken);
        try
        {
            if (current is { } other && time.GetUtcNow() - other.LoadedAt <= maxAge)
            {
                return other;
            }
            var loadedAt = time.GetUtcNow();
            var revoked = await load(cancellationToken);
            current = new Snapshot(loadedAt, revoked.ToHashSet(StringComparer.Ordinal));
            return current;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogWarning("revoked device credentials could not be read ({Error}); device tokens are refused until they can", e.Message);
            return null;
        }
        finally
        {
            reloading.Release();
        }
    }

    private sealed record Snapshot(DateTimeOffset LoadedAt, HashSet<string> Revoked);
}
