using System.Runtime.CompilerServices;
using Splitstream.Store;

namespace Splitstream.QueryApi;

/// <summary>Heart rate joined to GPS by time: the nearest sample within 2 s (DESIGN §4), else none.</summary>
public static class HeartRateJoin
{
    public const long ToleranceMs = 2_000;

    /// <summary>
    /// Each GPS point (time-ordered) with the nearest heart-rate sample's bpm; both inputs time-ordered and read once,
    /// side by side, holding two heart-rate samples at a time: an export streams however long the activity.
    /// </summary>
    public static async IAsyncEnumerable<(GpsPoint Point, int? Bpm)> JoinAsync(
        IAsyncEnumerable<GpsPoint> gps, IAsyncEnumerable<HeartRatePoint> heartRate, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var hr = heartRate.GetAsyncEnumerator(cancellationToken);
        HeartRatePoint? current = await hr.MoveNextAsync() ? hr.Current : null;
        HeartRatePoint? next = current is not null && await hr.MoveNextAsync() ? hr.Current : null;
        await foreach (var point in gps.WithCancellation(cancellationToken))
        {
            var t = point.TimeMs;
            while (next is { } n && Math.Abs(n.TimeMs - t) <= Math.Abs(current!.Value.TimeMs - t))
            {
                current = n;
                next = await hr.MoveNextAsync() ? hr.Current : null;
            }
            yield return (point, current is { } c && Math.Abs(c.TimeMs - t) <= ToleranceMs ? c.Bpm : null);
        }
    }
}
