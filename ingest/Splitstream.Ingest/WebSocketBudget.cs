using Microsoft.Extensions.Options;

namespace Splitstream.Ingest;

/// <summary>
/// Open sample WebSockets, per token subject and in all (<see cref="IngestOptions.MaxWebSocketsPerUser"/>,
/// <see cref="IngestOptions.MaxWebSockets"/>): a lease is taken before the upgrade and returned when the socket ends.
/// </summary>
public sealed class WebSocketBudget(IOptions<IngestOptions> options)
{
    private readonly Dictionary<string, int> perUser = new(StringComparer.Ordinal);
    private int total;

    public int Open
    {
        get
        {
            lock (perUser)
            {
                return total;
            }
        }
    }

    /// <summary>A lease for one more socket of <paramref name="userId"/>, or null when either bound is reached.</summary>
    public IDisposable? TryAcquire(string userId)
    {
        lock (perUser)
        {
            var mine = perUser.GetValueOrDefault(userId);
            if (mine >= options.Value.MaxWebSocketsPerUser || total >= options.Value.MaxWebSockets)
            {
                return null;
            }
            perUser[userId] = mine + 1;
            total++;
        }
        return new Lease(this, userId);
    }

    private void Release(string userId)
    {
        lock (perUser)
        {
            total--;
            if (--perUser[userId] == 0)
            {
                // No entry outlives its last socket: the map is bounded by the open sockets.
                perUser.Remove(userId);
            }
        }
    }

    private sealed class Lease(WebSocketBudget budget, string userId) : IDisposable
    {
        private int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                budget.Release(userId);
            }
        }
    }
}
