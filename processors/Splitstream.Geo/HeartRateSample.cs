namespace Splitstream.Geo;

/// <summary>One heart-rate reading, possibly from a different sensor and rate than the GPS.</summary>
public readonly record struct HeartRateSample(long TimeMs, int Bpm);
