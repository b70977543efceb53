namespace Splitstream.Leaderboards.Tests;

/// <summary>A clock standing still, for routes that default to "this week".</summary>
internal sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
