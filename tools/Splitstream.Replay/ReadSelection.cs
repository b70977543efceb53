namespace Splitstream.Replay;

/// <summary>What to read of a topic: a time range of record timestamps ([From, To), epoch ms) and/or one activity (the record key).</summary>
public sealed record ReadSelection(long? FromMs = null, long? ToMs = null, string? ActivityId = null)
{
    public static ReadSelection All { get; } = new();

    public bool Includes(string? key, long timestampMs) =>
        (ActivityId is null || key == ActivityId)
        && (FromMs is not { } from || timestampMs >= from)
        && (ToMs is not { } to || timestampMs < to);
}
