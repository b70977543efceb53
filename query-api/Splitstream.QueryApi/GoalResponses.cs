namespace Splitstream.QueryApi;

// Bodies of the goal routes (snake_case on the wire), kept together as Responses.cs keeps the others.

/// <summary><c>PUT|POST /v1/users/{user}/goals</c>: kind <c>distance</c> needs target_distance_m, <c>frequency</c> target_count.</summary>
public sealed record SetGoalRequest(string? Sport, string? Kind, string? Period, double? TargetDistanceM, int? TargetCount);

public sealed record GoalProgressResponse(string PeriodKey, double Value, double Target, int Activities, bool Achieved, DateTimeOffset? AchievedAt);

public sealed record GoalResponse(
    string GoalId, string Sport, string Kind, string Period, double? TargetDistanceM, int? TargetCount, DateTimeOffset CreatedAt,
    GoalProgressResponse? Progress);

public sealed record GoalListResponse(string UserId, long Revision, IReadOnlyList<GoalResponse> Goals);
