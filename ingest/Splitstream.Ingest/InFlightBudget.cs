namespace Splitstream.Ingest;

/// <summary>
/// Bounds the bytes of records awaiting delivery reports. A batch that does not fit is refused at once (503 with
/// Retry-After) rather than queued: back-pressure reaches the devices instead of growing the gateway's memory.
/// </summary>
public sealed class InFlightBudget(long maxBytes)
{
    private long used;

    public long Used => Interlocked.Read(ref used);

    public bool TryAcquire(long bytes)
    {
        while (true)
        {
            var current = Interlocked.Read(ref used);
            // A single batch larger than the whole budget still goes through when nothing else is in flight.
            if (current > 0 && current + bytes > maxBytes)
            {
                return false;
            }
            if (Interlocked.CompareExchange(ref used, current + bytes, current) == current)
            {
                return true;
            }
        }
    }

    public void Release(long bytes) => Interlocked.Add(ref used, -bytes);
}
