using System.Globalization;
using System.Text.RegularExpressions;

namespace Splitstream.Schemas;

/// <summary>
/// Board ids of the weekly distance boards (the keys of leaderboards.v1, DESIGN §2), <c>weekly-distance:&lt;sport&gt;:&lt;scope&gt;:&lt;ISO week&gt;</c>, scope
/// <c>global</c> or an ISO 3166 alpha-2 country (upper case). Weeks are ISO 8601 weeks in UTC of the activity's start.
/// </summary>
public static partial class BoardIds
{
    public const string WeeklyDistance = "weekly-distance";
    public const string GlobalScope = "global";

    public static string Of(string sport, string scope, string week) => $"{WeeklyDistance}:{sport}:{scope}:{week}";

    /// <summary>The ISO week (e.g. 2026-W47, 2026-W53, 2027-W01) of an instant, in UTC.</summary>
    public static string IsoWeek(long epochMs)
    {
        var utc = DateTimeOffset.FromUnixTimeMilliseconds(epochMs).UtcDateTime;
        return string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(utc)}-W{ISOWeek.GetWeekOfYear(utc):00}");
    }

    /// <summary>Parses <c>YYYY-Www</c>; false for weeks the year doesn't have (W53 of a 52-week year).</summary>
    public static bool TryParseWeek(string? text, out int year, out int week)
    {
        year = week = 0;
        var match = text is null ? null : WeekPattern().Match(text);
        if (match is not { Success: true })
        {
            return false;
        }
        year = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        week = int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
        return year is >= 1 and <= 9998 && week >= 1 && week <= ISOWeek.GetWeeksInYear(year);
    }

    /// <summary>A scope as boards name it: <c>global</c>, or two ASCII letters upper-cased; null for anything else.</summary>
    public static string? NormalizeScope(string? scope)
    {
        if (string.IsNullOrWhiteSpace(scope))
        {
            return null;
        }
        var trimmed = scope.Trim();
        if (trimmed.Equals(GlobalScope, StringComparison.OrdinalIgnoreCase))
        {
            return GlobalScope;
        }
        return CountryPattern().IsMatch(trimmed) ? trimmed.ToUpperInvariant() : null;
    }

    /// <summary>Splits a board id into sport, scope and week.</summary>
    public static (string Sport, string Scope, string Week) Parse(string boardId)
    {
        var parts = boardId.Split(':');
        return parts.Length == 4 && parts[0] == WeeklyDistance
            ? (parts[1], parts[2], parts[3])
            : throw new FormatException($"not a weekly-distance board id: {boardId}");
    }

    [GeneratedRegex(@"^(\d{4})-W(\d{2})$")]
    private static partial Regex WeekPattern();

    [GeneratedRegex("^[A-Za-z]{2}$")]
    private static partial Regex CountryPattern();
}
