using System.Globalization;

namespace Splitstream.Simulator;

/// <summary>Durations on the command line: <c>90s</c>, <c>10m</c>, <c>1.5h</c>, a bare number of seconds, or <c>hh:mm:ss</c>.</summary>
public static class DurationParser
{
    public static TimeSpan Parse(string text)
    {
        var t = text.Trim().ToLowerInvariant();
        if (TimeSpan.TryParseExact(t, [@"h\:mm\:ss", @"hh\:mm\:ss", @"m\:ss"], CultureInfo.InvariantCulture, out var span))
        {
            return span;
        }
        var (number, unit) = t.EndsWith("ms", StringComparison.Ordinal) ? (t[..^2], 0.001)
            : t.EndsWith('s') ? (t[..^1], 1.0)
            : t.EndsWith('m') ? (t[..^1], 60.0)
            : t.EndsWith('h') ? (t[..^1], 3600.0)
            : (t, 1.0);
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < 0 || !double.IsFinite(value))
        {
            throw new FormatException($"'{text}' is not a duration (e.g. 90s, 10m, 1.5h, 0:10:00)");
        }
        return TimeSpan.FromSeconds(value * unit);
    }
}
