namespace Splitstream.Schemas.Sports;

/// <summary>
/// A sport devices track by GPS (the fold's profile of it is <c>Splitstream.Geo.SportProfile</c>); it can be logged by
/// hand as well, with the distance the athlete gives.
/// </summary>
public abstract class GpsSport : SportDefinition
{
    public override bool Tracked => true;
}
