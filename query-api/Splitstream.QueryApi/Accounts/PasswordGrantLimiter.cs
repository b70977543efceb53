using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Splitstream.QueryApi.Accounts;

/// <summary>
/// Limits password grants twice: by the client's address (one client guessing many accounts) and by the username
/// asked for (many clients guessing one account). Fixed windows; idle partitions are dropped by the limiters
/// themselves, so the state stays bounded by the clients and usernames of one window. Refresh grants are not limited:
/// a refresh token is unguessable and works once.
/// </summary>
public sealed class PasswordGrantLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> byClient;
    private readonly PartitionedRateLimiter<string> byUsername;

    public PasswordGrantLimiter(IOptions<PasswordGrantLimitOptions> options)
    {
        var limits = options.Value;
        Window = limits.Window;
        byClient = Create(limits);
        byUsername = Create(limits);
    }

    public TimeSpan Window { get; }

    /// <summary>True when both the client and the username have an attempt left in this window (each attempt spends one of both).</summary>
    public bool TryAcquire(string client, string username)
    {
        using var clientLease = byClient.AttemptAcquire(client);
        using var userLease = byUsername.AttemptAcquire(username.Trim().ToLowerInvariant());
        return clientLease.IsAcquired && userLease.IsAcquired;
    }

    public void Dispose()
    {
        byClient.Dispose();
        byUsername.Dispose();
    }

    private static PartitionedRateLimiter<string> Create(PasswordGrantLimitOptions limits) =>
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = limits.PermitsPerWindow,
            Window = limits.Window,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
}
