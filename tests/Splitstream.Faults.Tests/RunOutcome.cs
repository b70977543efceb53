namespace Splitstream.Faults.Tests;

/// <summary>
/// What one run of <see cref="TestInput"/> left behind: the gateway's answers, the stored points and activities, and the
/// stored weekly leaderboards of those activities (board id → its rows as text; absent boards are null).
/// </summary>
internal sealed record RunOutcome(
    AckLedger Ledger,
    IReadOnlyDictionary<string, StoredTimes> Points,
    IReadOnlyDictionary<string, ActivityOutcome?> Activities,
    IReadOnlyDictionary<string, string?> Boards);
