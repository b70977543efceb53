namespace Splitstream.QueryApi;

// Bodies of GET /v1/users/{user}/progress (snake_case on the wire).

/// <summary>One period: its key (<c>2026-W47</c>, <c>2026-11</c>), its start, the metric's value and how many activities it holds.</summary>
public sealed record ProgressPointResponse(string PeriodKey, DateTimeOffset Start, double Value, int Activities);

/// <summary>Every period from <c>from</c> to <c>to</c> in order, periods without activities as 0.</summary>
public sealed record ProgressResponse(
    string UserId, string Metric, string Period, string? Sport, DateTimeOffset From, DateTimeOffset To, string Unit,
    IReadOnlyList<ProgressPointResponse> Points);
