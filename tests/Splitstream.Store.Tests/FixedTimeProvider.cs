namespace Splitstream.Store.Tests;

/// <summary>A clock standing still, for stats that depend on "this week" and "today".</summary>
internal sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
