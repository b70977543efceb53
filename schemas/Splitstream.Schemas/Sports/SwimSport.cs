namespace Splitstream.Schemas.Sports;

/// <summary>Swimming, logged by hand (pool lengths as metres): at most 3 m/s on average (the 50 m world record is about 2.4 m/s).</summary>
public sealed class SwimSport : SportDefinition
{
    public override string Name => "swim";

    protected override double MaxAverageSpeedMps => 3.0;
}
