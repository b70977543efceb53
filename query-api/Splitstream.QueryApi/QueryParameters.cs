using System.Globalization;

namespace Splitstream.QueryApi;

/// <summary>Parsing of query parameters into values or the problem+json errors that name them.</summary>
public static class QueryParameters
{
    /// <summary>A time as epoch milliseconds or RFC 3339; null when absent.</summary>
    public static bool TryParseTime(string? text, out long? epochMs)
    {
        epochMs = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ms))
        {
            epochMs = ms;
            return true;
        }
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            && text.Contains('T'))
        {
            epochMs = time.ToUnixTimeMilliseconds();
            return true;
        }
        return false;
    }

    public static Dictionary<string, string[]> Error(string parameter, string message) => new() { [parameter] = [message] };
}
