namespace Splitstream.Store;

/// <summary>One heart-rate sample as stored: a table of its own because heart rate may come from another sensor at another rate.</summary>
public readonly record struct HeartRatePoint(string ActivityId, long TimeMs, int Bpm);
