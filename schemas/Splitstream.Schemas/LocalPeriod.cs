namespace Splitstream.Schemas;

/// <summary>A period of a user's calendar: its key (<c>2026-W48</c>, <c>2026</c>) and its UTC bounds [start, end) in epoch ms.</summary>
public sealed record LocalPeriod(string Key, long StartMs, long EndMs)
{
    public bool Contains(long epochMs) => epochMs >= StartMs && epochMs < EndMs;
}
