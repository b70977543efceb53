namespace Splitstream.Faults.Tests;

/// <summary>What one run of <see cref="TestInput"/> left behind: the gateway's answers, the stored points and activities.</summary>
internal sealed record RunOutcome(
    AckLedger Ledger,
    IReadOnlyDictionary<string, StoredTimes> Points,
    IReadOnlyDictionary<string, ActivityOutcome?> Activities);
