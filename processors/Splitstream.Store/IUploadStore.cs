namespace Splitstream.Store;

/// <summary>
/// Uploaded files (table <c>uploads</c>, migration 10) and the device laps they carried (<c>activity_laps</c>). An
/// upload claims (user, external id) and (user, start time) while it is <c>accepted</c>: a second upload of the same
/// file finds the first one's activity instead of making another.
/// </summary>
public interface IUploadStore
{
    /// <summary>
    /// Records the upload as accepted unless an accepted upload of the same user has the same external id or start
    /// time; then records it as a duplicate of that upload's activity and returns that activity id.
    /// </summary>
    Task<UploadClaimResult> ClaimUploadAsync(UploadRecord upload, CancellationToken cancellationToken = default);

    /// <summary>Marks an accepted upload as failed (e.g. Kafka refused it), which releases its claim so a retry can take it.</summary>
    Task FailUploadAsync(string uploadId, string reason, CancellationToken cancellationToken = default);

    /// <summary>The upload with the state of its activity (null when the id is unknown).</summary>
    Task<UploadView?> GetUploadAsync(string uploadId, CancellationToken cancellationToken = default);

    /// <summary>Replaces the laps of an activity.</summary>
    Task SaveLapsAsync(string activityId, IReadOnlyList<LapRecord> laps, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<LapRecord>> GetLapsAsync(string activityId, CancellationToken cancellationToken = default);
}
