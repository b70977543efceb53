namespace Splitstream.Simulator;

/// <summary>A half-open stretch [StartMs, EndMs) of event time, epoch milliseconds.</summary>
public readonly record struct TimeWindow(long StartMs, long EndMs)
{
    public bool Contains(long timeMs) => timeMs >= StartMs && timeMs < EndMs;

    public double Seconds => (EndMs - StartMs) / 1000.0;
}
