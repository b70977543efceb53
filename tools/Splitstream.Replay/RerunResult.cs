namespace Splitstream.Replay;

/// <summary>
/// The counts a finished re-run prints: input records it ran to (by offsets), records this session processed, dead
/// letters, and per output topic the records written and distinct keys.
/// </summary>
public sealed record RerunResult(
    string ApplicationId,
    long InputRecords,
    long RecordsProcessed,
    long DeadLetters,
    IReadOnlyDictionary<string, (long Records, int Keys)> Outputs,
    string DeadLetterTopic,
    bool Resumed);
