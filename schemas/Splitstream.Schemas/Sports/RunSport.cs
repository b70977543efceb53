namespace Splitstream.Schemas.Sports;

/// <summary>Running: tracked by GPS; a manual run averages at most 12 m/s (a 100 m sprint peaks near that).</summary>
public sealed class RunSport : GpsSport
{
    public override string Name => "run";
}
