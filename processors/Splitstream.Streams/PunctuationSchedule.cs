namespace Splitstream.Streams;

/// <summary>A punctuator: fires at each interval boundary (aligned to the epoch) of its clock; a missed boundary fires once, not once per interval.</summary>
internal sealed class PunctuationSchedule(Node node, long intervalMs, PunctuationType type, Action<long> callback) : IDisposable
{
    public Node Node { get; } = node;

    public PunctuationType Type { get; } = type;

    public bool Cancelled { get; private set; }

    /// <summary>The next boundary to fire at; <see cref="long.MinValue"/> until the clock has a value.</summary>
    public long Next { get; private set; } = long.MinValue;

    public void Dispose() => Cancelled = true;

    /// <summary>Fires when <paramref name="now"/> reached the next boundary; returns whether it fired.</summary>
    public bool MaybeFire(long now)
    {
        if (Cancelled || now == long.MinValue)
        {
            return false;
        }
        if (Next == long.MinValue)
        {
            Next = BoundaryAfter(now);
            return false;
        }
        if (now < Next)
        {
            return false;
        }
        Next = BoundaryAfter(now);
        callback(now);
        return true;
    }

    private long BoundaryAfter(long time) => time - (((time % intervalMs) + intervalMs) % intervalMs) + intervalMs;
}
