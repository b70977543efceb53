namespace Splitstream.Fuzz.Tests;

/// <summary>A clock stuck at one instant: issues tokens that were valid once and have expired since.</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
