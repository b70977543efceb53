namespace Splitstream.Schemas.Sports;

/// <summary>Cycling: tracked by GPS; a manual ride averages at most 35 m/s.</summary>
public sealed class RideSport : GpsSport
{
    public override string Name => "ride";

    protected override double MaxAverageSpeedMps => 35.0;
}
