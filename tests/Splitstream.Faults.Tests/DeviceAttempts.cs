using System.Collections.Concurrent;
using System.Diagnostics;

namespace Splitstream.Faults.Tests;

/// <summary>
/// Every HTTP attempt the devices made (first sends and re-sends alike): when it started, how long it took and how it
/// ended (a status, or 0 for a transport error or timeout). What the devices saw of a fault, counted rather than assumed.
/// </summary>
internal sealed class DeviceAttempts
{
    private readonly ConcurrentQueue<(long StartedAt, TimeSpan Took, int Status)> attempts = new();

    public void Record(long startedAt, TimeSpan took, int status) => attempts.Enqueue((startedAt, took, status));

    public int Count => attempts.Count;

    /// <summary>Answered 503 (Kafka did not acknowledge in time, or the registry was loading).</summary>
    public int Refused => attempts.Count(a => a.Status == 503);

    /// <summary>Connection refused or reset, or no answer before the client's timeout.</summary>
    public int TransportErrors => attempts.Count(a => a.Status == 0);

    /// <summary>Answered 404: an activity the gateway doesn't know (what a registry lost in a restart would say).</summary>
    public int NotFound => attempts.Count(a => a.Status == 404);

    /// <summary>Attempts started at or after <paramref name="from"/> (a <see cref="Stopwatch"/> timestamp) and answered 2xx.</summary>
    public int AcknowledgedFrom(long from) => attempts.Count(a => a.StartedAt >= from && a.Status is >= 200 and < 300);

    /// <summary>Successful attempts that started inside [from, to) (<see cref="Stopwatch"/> timestamps) and took at least <paramref name="atLeast"/>, of all successful ones that started there.</summary>
    public (int Slow, int All) AcknowledgedBetween(long from, long to, TimeSpan atLeast)
    {
        var inWindow = attempts.Where(a => a.StartedAt >= from && a.StartedAt < to && a.Status is >= 200 and < 300).ToList();
        return (inWindow.Count(a => a.Took >= atLeast), inWindow.Count);
    }
}
