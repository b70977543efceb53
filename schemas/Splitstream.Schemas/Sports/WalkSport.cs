namespace Splitstream.Schemas.Sports;

/// <summary>Walking: tracked by GPS; a manual walk averages at most 4 m/s.</summary>
public sealed class WalkSport : GpsSport
{
    public override string Name => "walk";

    protected override double MaxAverageSpeedMps => 4.0;
}
