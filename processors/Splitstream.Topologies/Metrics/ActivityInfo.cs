using Splitstream.Geo;
using Splitstream.Schemas.V1;

namespace Splitstream.Processors.Metrics;

/// <summary>
/// What the start event says about an activity: whose it is, which sport, which race and country. <see cref="Sport"/>
/// is the fold's GPS profile; a manual entry of a sport without one (strength, yoga) keeps its registry name in
/// <see cref="SportName"/> and its figures in <see cref="Manual"/>.
/// </summary>
public sealed record ActivityInfo(string UserId, Sport Sport, long StartedAtMs, string RaceId, string Country)
{
    /// <summary>The registry name when it is not one of the GPS sports (<c>strength</c>, <c>yoga</c>…); null otherwise.</summary>
    public string? SportName { get; init; }

    /// <summary>The entry of an activity logged by hand (POST /v1/activities/manual): its summary comes from it.</summary>
    public ManualEntry? Manual { get; init; }

    /// <summary>The sport's wire name.</summary>
    public string WireSport => SportName ?? Sport.ToWireName();
}
