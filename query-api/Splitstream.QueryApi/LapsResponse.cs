namespace Splitstream.QueryApi;

/// <summary>GET /v1/activities/{id}/laps: the device laps an uploaded file carried (empty for other activities).</summary>
public sealed record LapsResponse(string ActivityId, IReadOnlyList<LapResponse> Laps);
