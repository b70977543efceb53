using System.Globalization;

namespace Splitstream.Ingest;

/// <summary>RFC 3339 date-times (a 'T', seconds, and an explicit offset or Z) to epoch milliseconds.</summary>
public static class Rfc3339
{
    /// <summary>Parses an RFC 3339 time; a time without an offset is refused because its instant is unknowable.</summary>
    public static bool TryParseEpochMs(ReadOnlySpan<char> text, out long epochMs)
    {
        epochMs = 0;
        if (text.Length < 20 || (text[10] != 'T' && text[10] != 't') || !HasOffset(text))
        {
            return false;
        }
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            return false;
        }
        epochMs = parsed.ToUnixTimeMilliseconds();
        return true;
    }

    /// <summary>The RFC 3339 shape on UTF-8 bytes: 'T' after the date and an explicit offset or Z at the end.</summary>
    public static bool HasRfc3339Shape(ReadOnlySpan<byte> text)
    {
        if (text.Length < 20 || text[10] != (byte)'T')
        {
            return false;
        }
        return text[^1] == (byte)'Z' || (text.Length >= 25 && text[^6] is (byte)'+' or (byte)'-' && text[^3] == (byte)':');
    }

    public static string Format(long epochMs) =>
        DateTimeOffset.FromUnixTimeMilliseconds(epochMs).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static bool HasOffset(ReadOnlySpan<char> text)
    {
        var last = text[^1];
        if (last is 'Z' or 'z')
        {
            return true;
        }
        return text.Length >= 25 && text[^6] is '+' or '-' && text[^3] == ':';
    }
}
