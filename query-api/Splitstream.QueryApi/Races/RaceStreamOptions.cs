namespace Splitstream.QueryApi.Races;

/// <summary>The live stream's settings (section <c>Races</c>, shared with the topologies' settings).</summary>
public sealed record RaceStreamOptions
{
    public static RaceStreamOptions Default { get; } = new();

    /// <summary>A comment line this often keeps proxies and browsers from closing a quiet stream.</summary>
    public TimeSpan Heartbeat { get; init; } = TimeSpan.FromSeconds(15);
}
