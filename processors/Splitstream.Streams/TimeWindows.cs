namespace Splitstream.Streams;

/// <summary>
/// Tumbling (advance = size) or hopping (advance &lt; size) windows aligned to the epoch, with a grace period. A window
/// [start, start + size) is closed once its end is at or before <c>closeTime = streamTime − grace</c>. Immutable.
/// </summary>
public sealed record TimeWindows
{
    private TimeWindows(long sizeMs, long advanceMs, long graceMs)
    {
        if (sizeMs <= 0 || advanceMs <= 0 || advanceMs > sizeMs || graceMs < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(sizeMs), $"windows need 0 < advance ({advanceMs}) <= size ({sizeMs}) and grace ({graceMs}) >= 0");
        }
        SizeMs = sizeMs;
        AdvanceMs = advanceMs;
        GraceMs = graceMs;
    }

    public long SizeMs { get; }

    public long AdvanceMs { get; }

    public long GraceMs { get; }

    /// <summary>Tumbling windows of <paramref name="size"/> accepting records up to <paramref name="grace"/> after they end.</summary>
    public static TimeWindows Of(TimeSpan size, TimeSpan grace) =>
        new((long)size.TotalMilliseconds, (long)size.TotalMilliseconds, (long)grace.TotalMilliseconds);

    /// <summary>Hopping windows: the same size and grace, a new window every <paramref name="advance"/>.</summary>
    public TimeWindows AdvanceBy(TimeSpan advance) => new(SizeMs, (long)advance.TotalMilliseconds, GraceMs);

    public TimeWindows WithGrace(TimeSpan grace) => new(SizeMs, AdvanceMs, (long)grace.TotalMilliseconds);

    /// <summary>How long a window store must keep a window: until it can no longer receive records.</summary>
    public long RetentionMs => SizeMs + GraceMs;

    public long CloseTime(long streamTime) => streamTime == long.MinValue ? long.MinValue : streamTime - GraceMs;

    public bool IsClosed(long windowStart, long streamTime) => windowStart + SizeMs <= CloseTime(streamTime);

    /// <summary>Start times of every window containing <paramref name="timestamp"/>, oldest first.</summary>
    public IEnumerable<long> WindowStartsFor(long timestamp)
    {
        var last = timestamp - Mod(timestamp, AdvanceMs);
        var first = last - (SizeMs - 1) / AdvanceMs * AdvanceMs;
        for (var start = first; start <= last; start += AdvanceMs)
        {
            if (timestamp < start + SizeMs)
            {
                yield return start;
            }
        }
    }

    private static long Mod(long value, long divisor) => ((value % divisor) + divisor) % divisor;
}
