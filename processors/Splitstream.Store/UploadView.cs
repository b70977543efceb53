namespace Splitstream.Store;

/// <summary>
/// An upload as stored (<see cref="Status"/>: accepted, duplicate or error, with the reason) and what the store knows of
/// its activity so far: its lifecycle status (null before the activity sink saw it) and whether a summary arrived.
/// </summary>
public sealed record UploadView(
    string UploadId, string UserId, string ActivityId, string? ExternalId, string Format, string Status, string? Reason,
    string? ActivityStatus, bool HasSummary);
