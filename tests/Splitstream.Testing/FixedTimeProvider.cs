namespace Splitstream.Testing;

/// <summary>A clock standing still, for routes and stats that depend on "this week" and "today", and for expired tokens.</summary>
public sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
