using Splitstream.Geo;
using Splitstream.Schemas;

namespace Splitstream.Processors.Leaderboards;

/// <summary>Which boards an activity counts on.</summary>
public static class BoardRoutes
{
    /// <summary>
    /// The boards an activity counts on: its sport's global board and its country's board, both of the ISO week of its
    /// start. None when the summary lacks a user, a known sport or a start (a first summary may); a country that is
    /// not two letters is left out (global only).
    /// </summary>
    public static IReadOnlyList<string> For(string userId, string sport, string country, long startedAtMs)
    {
        if (userId.Length == 0 || startedAtMs <= 0 || !SportParser.TryParse(sport, out var parsed))
        {
            return [];
        }
        var name = parsed.ToWireName();
        var week = BoardIds.IsoWeek(startedAtMs);
        var scope = BoardIds.NormalizeScope(country);
        return scope is null or BoardIds.GlobalScope
            ? [BoardIds.Of(name, BoardIds.GlobalScope, week)]
            : [BoardIds.Of(name, BoardIds.GlobalScope, week), BoardIds.Of(name, scope, week)];
    }
}
