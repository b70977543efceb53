using System.Collections.Concurrent;
using Splitstream.Schemas;
using Splitstream.Schemas.V1;
using ActivityEvent = Splitstream.Schemas.V1.ActivityEvent;

namespace Splitstream.Ingest;

/// <summary>
/// The gateway's in-memory view of activities (id → owner, sport, start, status), materialized from
/// activity.events.v1 by <see cref="ActivityRegistryLoader"/> and written through by the gateway's own accepted
/// events, so every batch is checked without a database round trip. The first Started of an id wins, as downstream.
/// </summary>
public sealed class ActivityRegistry
{
    private readonly ConcurrentDictionary<string, RegisteredActivity> activities = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> startsInFlight = new(StringComparer.Ordinal);
    private volatile bool caughtUp;

    /// <summary>Per partition of activity.events.v1 the loader reads, the offset it will read next.</summary>
    private readonly ConcurrentDictionary<int, long> readUpTo = new();

    /// <summary>True once the loader has read activity.events.v1 up to the end offsets it found at start-up.</summary>
    public bool IsCaughtUp => caughtUp;

    public int Count => activities.Count;

    public bool TryGet(string activityId, out RegisteredActivity activity) => activities.TryGetValue(activityId, out activity!);

    /// <summary>Claims the right to publish a Started for this id; false while another request is publishing one.</summary>
    public bool TryBeginStart(string activityId) => startsInFlight.TryAdd(activityId, 0);

    public void EndStart(string activityId) => startsInFlight.TryRemove(activityId, out _);

    /// <summary>Applies one lifecycle event; idempotent, so the loader may re-apply what was written through.</summary>
    public void Apply(ActivityEvent e)
    {
        if (e.KindCase == ActivityEvent.KindOneofCase.Started)
        {
            activities.TryAdd(e.ActivityId, new RegisteredActivity(
                e.ActivityId, e.Started.UserId, e.Started.Sport, e.EventTimeMs, ActivityStatus.Active, e.Started.RaceId, e.Started.Country));
        }
        else if (e.KindCase != ActivityEvent.KindOneofCase.None)
        {
            SetStatus(e.ActivityId, ActivityStatus.After(e.KindCase));
        }
    }

    internal void MarkCaughtUp() => caughtUp = true;

    /// <summary>The partitions the loader reads (known once it assigned them).</summary>
    public IReadOnlyCollection<int> Partitions => (IReadOnlyCollection<int>)readUpTo.Keys;

    /// <summary>The loader will read <paramref name="partition"/> from <paramref name="nextOffset"/> on: everything before is applied.</summary>
    internal void Advance(int partition, long nextOffset) =>
        readUpTo.AddOrUpdate(partition, nextOffset, (_, read) => Math.Max(read, nextOffset));

    /// <summary>Whether the loader has applied every record before the given end offset of each partition.</summary>
    public bool HasRead(IReadOnlyDictionary<int, long> ends) =>
        ends.All(end => readUpTo.TryGetValue(end.Key, out var read) && read >= end.Value);

    private void SetStatus(string activityId, string status)
    {
        // A lost race with a concurrent update only delays the status by one event: it is informational, never a gate.
        if (activities.TryGetValue(activityId, out var current))
        {
            activities.TryUpdate(activityId, current with { Status = status }, current);
        }
    }
}
