namespace Splitstream.Fit;

/// <summary>
/// A FIT file that cannot be read: truncated, corrupt or out of bounds. Says where (byte offset), in which message and
/// which field, so an upload's 400 names what is wrong.
/// </summary>
public sealed class FitFormatException(long offset, string message, string? fitMessage = null, string? field = null)
    : Exception(Describe(offset, message, fitMessage, field))
{
    /// <summary>Byte offset in the file where the problem was found.</summary>
    public long Offset { get; } = offset;

    /// <summary>The FIT message (e.g. <c>record</c>, <c>definition</c>, <c>header</c>) being read, when known.</summary>
    public string? FitMessage { get; } = fitMessage;

    /// <summary>The field being read, when known.</summary>
    public string? Field { get; } = field;

    /// <summary>True when the file is well-formed but over a limit (too many records or laps): a 413 rather than a 400.</summary>
    public bool LimitExceeded { get; init; }

    /// <summary>What is wrong, without the location.</summary>
    public string Reason { get; } = message;

    private static string Describe(long offset, string message, string? fitMessage, string? field) =>
        $"at byte {offset}" + (fitMessage is null ? "" : $", message {fitMessage}") + (field is null ? "" : $", field {field}") + ": " + message;
}
