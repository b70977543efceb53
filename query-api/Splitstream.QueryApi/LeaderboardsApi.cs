using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Splitstream.Geo;
using Splitstream.Schemas;
using Splitstream.ServiceDefaults;
using Splitstream.Store;

namespace Splitstream.QueryApi;

/// <summary>
/// Weekly distance leaderboards (DESIGN §5), served from the store table the leaderboard sink fills from the compacted
/// leaderboards.v1. Any signed-in user may read any board; athletes who don't share their activities publicly appear
/// with their rank and distance but without their id to anyone but themselves and their friends.
/// </summary>
public static class LeaderboardsApi
{
    public const int MaxLimit = 100;

    public static RouteGroupBuilder MapLeaderboardsApiV1(this RouteGroupBuilder v1)
    {
        var boards = v1.MapGroup("/leaderboards").WithTags("leaderboards").RequireAuthorization(Policies.Read);
        boards.MapGet("/weekly-distance/{sport}", GetWeeklyDistance).WithName("GetWeeklyDistanceLeaderboard");
        return boards;
    }

    /// <summary>A board of a week nobody was active in is empty, not missing: 200 with no entries.</summary>
    public static async Task<Results<Ok<LeaderboardResponse>, ValidationProblem>> GetWeeklyDistance(
        string sport, string? scope, string? week, string? limit, ClaimsPrincipal viewer, ILeaderboardStore store, TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (!SportParser.TryParse(sport, out var parsedSport))
        {
            return TypedResults.ValidationProblem(QueryParameters.Error("sport", "must be run, ride, walk or hike"));
        }
        var boardScope = string.IsNullOrEmpty(scope) ? BoardIds.GlobalScope : BoardIds.NormalizeScope(scope);
        if (boardScope is null)
        {
            return TypedResults.ValidationProblem(QueryParameters.Error("scope", "must be global or an ISO 3166 alpha-2 country code"));
        }
        var boardWeek = BoardIds.IsoWeek(time.GetUtcNow().ToUnixTimeMilliseconds());
        if (!string.IsNullOrEmpty(week))
        {
            if (!BoardIds.TryParseWeek(week, out _, out _))
            {
                return TypedResults.ValidationProblem(QueryParameters.Error("week", "must be an ISO week the year has, like 2026-W47"));
            }
            boardWeek = week;
        }
        var size = MaxLimit;
        if (!string.IsNullOrEmpty(limit) && !int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size is < 1 or > MaxLimit)
        {
            return TypedResults.ValidationProblem(QueryParameters.Error("limit", $"must be between 1 and {MaxLimit}"));
        }
        var name = parsedSport.ToWireName();
        var boardId = BoardIds.Of(name, boardScope, boardWeek);
        var view = await store.GetLeaderboardAsync(boardId, viewer.UserId(), size, cancellationToken);
        if (view is null)
        {
            return TypedResults.Ok(new LeaderboardResponse(boardId, name, boardScope, boardWeek, null, 0, []));
        }
        return TypedResults.Ok(new LeaderboardResponse(view.BoardId, view.Sport, view.Scope, view.Week,
            view.UpdatedAtMs > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(view.UpdatedAtMs) : null, view.TotalEntries,
            [.. view.Rows.Select(r => r.Identified
                ? new LeaderboardEntryResponse(r.Rank, r.UserId, r.DisplayName.Length > 0 ? r.DisplayName : null, r.DistanceM, r.Activities, false)
                : new LeaderboardEntryResponse(r.Rank, null, null, r.DistanceM, r.Activities, true))]));
    }
}
