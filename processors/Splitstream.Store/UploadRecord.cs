namespace Splitstream.Store;

/// <summary>One uploaded file: whose, which activity it became, its external id and start, its format (gpx, tcx, fit).</summary>
public sealed record UploadRecord(
    string UploadId, string UserId, string ActivityId, string? ExternalId, long StartedAtMs, string Format, long CreatedAtMs);
