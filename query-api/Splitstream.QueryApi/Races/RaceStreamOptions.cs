namespace Splitstream.QueryApi.Races;

/// <summary>The live stream's settings (section <c>Races</c>, shared with the topologies' settings).</summary>
public sealed record RaceStreamOptions
{
    public static RaceStreamOptions Default { get; } = new();

    /// <summary>A comment line this often keeps proxies and browsers from closing a quiet stream.</summary>
    public TimeSpan Heartbeat { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How often an open stream checks that its viewer may still see the race (privacy changes on any instance).</summary>
    public TimeSpan AccessRecheck { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Open streams of one race on one instance; more get 503.</summary>
    public int MaxSubscribersPerRace { get; init; } = 2_000;

    /// <summary>Open streams on one instance, all races together; more get 503.</summary>
    public int MaxSubscribers { get; init; } = 10_000;
}
