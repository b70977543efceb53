namespace Splitstream.Ingest;

/// <summary>Whether every record of a publish was persisted (acks=all), and if not, why (for logs and the 503's detail).</summary>
public readonly record struct PublishOutcome(bool Persisted, string? FailureReason)
{
    public static PublishOutcome Success { get; } = new(true, null);

    public static PublishOutcome Unavailable(string reason) => new(false, reason);
}
