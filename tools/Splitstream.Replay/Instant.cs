using System.Globalization;

namespace Splitstream.Replay;

/// <summary>Command-line instants: RFC 3339 with an offset (<c>2026-11-21T09:00:00Z</c>) or epoch milliseconds.</summary>
public static class Instant
{
    public static long ParseEpochMs(string text)
    {
        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms))
        {
            return ms;
        }
        var tIndex = text.IndexOfAny(['T', 't', ' ']);
        var hasOffset = tIndex > 0 && (text.EndsWith('Z') || text.EndsWith('z') || text.AsSpan(tIndex).IndexOfAny('+', '-') > 0);
        if (hasOffset && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant))
        {
            return instant.ToUnixTimeMilliseconds();
        }
        throw new FormatException($"'{text}' is neither an RFC 3339 time with an offset nor epoch milliseconds");
    }

    public static string Format(long epochMs) =>
        DateTimeOffset.FromUnixTimeMilliseconds(epochMs).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
}
