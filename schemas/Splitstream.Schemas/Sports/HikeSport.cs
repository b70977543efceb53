namespace Splitstream.Schemas.Sports;

/// <summary>Hiking: tracked by GPS; a manual hike averages at most 4 m/s.</summary>
public sealed class HikeSport : GpsSport
{
    public override string Name => "hike";

    protected override double MaxAverageSpeedMps => 4.0;
}
