using Splitstream.Fit;

namespace Splitstream.Ingest;

/// <summary>A FIT upload read for publishing: its samples (as <see cref="ParsedTrack"/>), device laps and timer pauses.</summary>
public sealed record FitTrack(ParsedTrack Track, IReadOnlyList<FitLap> Laps, IReadOnlyList<(long PausedAtMs, long ResumedAtMs)> Pauses);
