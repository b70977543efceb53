namespace Splitstream.Store;

/// <summary>The outcome of <see cref="IUploadStore.ClaimUploadAsync"/>: accepted, or a duplicate of <see cref="ActivityId"/>.</summary>
public sealed record UploadClaimResult(bool Duplicate, string ActivityId);
