namespace Splitstream.QueryApi;

// Bodies of the goal routes (snake_case on the wire), kept together as Responses.cs keeps the others.

/// <summary>
/// <c>PUT|POST /v1/users/{user}/goals</c>: kind <c>distance</c> needs target_distance_m, <c>frequency</c> target_count,
/// <c>duration</c> target_duration_s (moving time), <c>volume</c> target_volume_kg (strength).
/// </summary>
public sealed record SetGoalRequest(string? Sport, string? Kind, string? Period, double? TargetDistanceM, int? TargetCount,
    double? TargetDurationS = null, double? TargetVolumeKg = null);

public sealed record GoalProgressResponse(string PeriodKey, double Value, double Target, int Activities, bool Achieved, DateTimeOffset? AchievedAt);

public sealed record GoalResponse(
    string GoalId, string Sport, string Kind, string Period, double? TargetDistanceM, int? TargetCount, DateTimeOffset CreatedAt,
    GoalProgressResponse? Progress, double? TargetDurationS = null, double? TargetVolumeKg = null);

public sealed record GoalListResponse(string UserId, long Revision, IReadOnlyList<GoalResponse> Goals);
