using Splitstream.Geo;

namespace Splitstream.Processors.Metrics;

/// <summary>What the start event says about an activity: whose it is, which sport, which race and country.</summary>
public sealed record ActivityInfo(string UserId, Sport Sport, long StartedAtMs, string RaceId, string Country);
