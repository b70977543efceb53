namespace Splitstream.Races.Tests;

/// <summary>Tests that measure latency run alone, after the others, so the other classes' clusters don't share their two cores.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AloneCollection
{
    public const string Name = "measured alone";
}
