namespace Splitstream.Geo;

/// <summary>A track point after smoothing, in the activity's <see cref="LocalFrame"/>.</summary>
internal readonly record struct SmoothedPoint(long TimeMs, double East, double North, bool InExplicitPause);
