using System.Collections.Concurrent;
using Splitstream.Store;

namespace Splitstream.Ingest;

/// <summary>
/// Whether a user is registered for a race (DESIGN §8: an activity started with a race id its user is not registered
/// for is refused). Registrations are only ever added, so a yes is cached for good; a no is asked again after
/// <see cref="IngestOptions.RaceRegistrationRecheck"/> (a newly registered racer is accepted within that), and the
/// cache is bounded (cleared when it outgrows <see cref="MaxEntries"/>).
/// </summary>
public sealed class RaceRegistrations(IRaceStore store, TimeProvider time, Microsoft.Extensions.Options.IOptions<IngestOptions> options)
{
    public const int MaxEntries = 100_000;

    private readonly ConcurrentDictionary<(string Race, string User), long> registered = new();
    private readonly ConcurrentDictionary<(string Race, string User), long> refusedUntil = new();

    public async Task<bool> IsRegisteredAsync(string raceId, string userId, CancellationToken cancellationToken)
    {
        var key = (raceId, userId);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        if (registered.ContainsKey(key))
        {
            return true;
        }
        if (refusedUntil.TryGetValue(key, out var until) && until > now)
        {
            return false;
        }
        var yes = await store.IsRegisteredAsync(raceId, userId, cancellationToken);
        var cache = yes ? registered : refusedUntil;
        if (cache.Count >= MaxEntries)
        {
            cache.Clear();
        }
        cache[key] = now + (long)options.Value.RaceRegistrationRecheck.TotalMilliseconds;
        if (yes)
        {
            refusedUntil.TryRemove(key, out _);
        }
        return yes;
    }
}
