namespace Splitstream.Geo;

/// <summary>Half-open time range [FromMs, ToMs) in epoch milliseconds, e.g. an explicit pause.</summary>
public readonly record struct TimeInterval(long FromMs, long ToMs)
{
    public bool Contains(long timeMs) => timeMs >= FromMs && timeMs < ToMs;
}
