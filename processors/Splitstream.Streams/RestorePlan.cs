namespace Splitstream.Streams;

/// <summary>Where a store's restoration starts, and which record (if any) must carry the checkpoint's fingerprint first.</summary>
internal readonly record struct RestorePlan(long From, long? VerifyOffset, ulong Fingerprint)
{
    public static RestorePlan Full(long low) => new(low, null, 0);
}
