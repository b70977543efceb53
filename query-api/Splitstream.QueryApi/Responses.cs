namespace Splitstream.QueryApi;

// The JSON bodies of the query API (snake_case on the wire, see QueryApiExtensions). Kept together: they are the contract of DESIGN §5.

public sealed record SplitResponse(int Km, double TimeS, double PaceSPerKm);

public sealed record BestEffortResponse(string Name, double DistanceM, double TimeS);

public sealed record ActivityResponse(
    string ActivityId, string UserId, string Sport, string Status, DateTimeOffset StartedAt, double DistanceM, double MovingTimeS,
    double ElapsedTimeS, double AvgPaceSPerKm, double AvgSpeedMps, double MaxSpeedMps, double ElevationGainM, double? HrAvg,
    int? HrMax, long PointsCount, string Polyline, IReadOnlyList<SplitResponse> Splits, IReadOnlyList<BestEffortResponse> BestEfforts,
    string? RaceId, string? Country, bool Manual = false, double? VolumeKg = null, string? Notes = null,
    IReadOnlyList<ExerciseResponse>? Exercises = null);

/// <summary>One exercise of a strength session: its sets, total reps and volume (Σ reps × weight, kg).</summary>
public sealed record ExerciseResponse(string Name, int Sets, int Reps, double VolumeKg);

public sealed record PointResponse(long T, double Lat, double Lon, double? Ele, double? Acc, int? Hr);

public sealed record PointsResponse(string ActivityId, IReadOnlyList<PointResponse> Points);

public sealed record WindowResponse(
    DateTimeOffset WindowStart, DateTimeOffset WindowEnd, double DistanceM, double MovingTimeS, double PaceSPerKm, double? HrAvg, int Samples);

public sealed record WindowsResponse(string ActivityId, IReadOnlyList<WindowResponse> Windows);

public sealed record ActivityListItem(
    string ActivityId, string Sport, string Status, DateTimeOffset StartedAt, double DistanceM, double MovingTimeS, double ElapsedTimeS);

public sealed record ActivityListResponse(string UserId, IReadOnlyList<ActivityListItem> Activities, string? Next);

public sealed record SportTotals(int Activities, double DistanceM, double MovingTimeS);

public sealed record StatsTotals(
    IReadOnlyDictionary<string, SportTotals> Week, IReadOnlyDictionary<string, SportTotals> YearToDate, IReadOnlyDictionary<string, SportTotals> AllTime);

public sealed record PersonalBest(double TimeS, string ActivityId);

public sealed record StatsResponse(
    string UserId, string Week, StatsTotals Totals, int CurrentStreakDays,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, PersonalBest>> PersonalBests);

public sealed record UserRequest(string UserId, string? DisplayName, bool PublicActivities);

public sealed record FriendshipRequest(string UserId, string FriendId);

public sealed record VisibilityRequest(bool? Public);

public sealed record GoalRequest(string UserId, string Sport, string Period, double TargetDistanceM);
