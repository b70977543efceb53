using Splitstream.Schemas;

namespace Splitstream.Processors.Races;

/// <summary>
/// Timing and topics of the race topologies. Defaults are DESIGN §4's: stale after 30 s of silence, refreshed at least
/// once a second while live; tests shorten nothing but give each run topics of their own.
/// </summary>
public sealed record RaceStandingsOptions
{
    public const string Section = "Races";

    public static RaceStandingsOptions Default { get; } = new();

    public string SummaryTopic { get; init; } = Topics.ActivitySummary;

    public string ByRaceTopic { get; init; } = Topics.RaceSummariesByRace;

    public string StandingsTopic { get; init; } = Topics.RaceStandings;

    public string RouterApplicationId { get; init; } = "splitstream-race-router";

    public string StandingsApplicationId { get; init; } = "splitstream-race-standings";

    /// <summary>A racer not heard from (on the processor's wall clock) for this long is flagged stale.</summary>
    public TimeSpan StaleAfter { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A live race is published at least this often, changed or not (stale flags move with the clock).</summary>
    public TimeSpan RefreshInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How often the punctuator looks for changed races: the longest a change waits before it is published.</summary>
    public TimeSpan PublishCheckInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>A race where everyone still on the course has been silent this long is over: no more refreshes.</summary>
    public TimeSpan IdleAfter { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>A stopped racer counts as a finisher when they covered at least this share of the median distance of the stopped racers.</summary>
    public double FinisherShare { get; init; } = 0.9;

    public string RacesTopic { get; init; } = Topics.Races;

    /// <summary>A racer further than this from the course line advances nothing, and is off course after <see cref="OffCourseAfter"/>.</summary>
    public double OffCourseM { get; init; } = 100;

    public TimeSpan OffCourseAfter { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Course progress may exceed the distance travelled by this share (GPS smoothing shortens a track a little)…</summary>
    public double CutToleranceShare { get; init; } = 0.02;

    /// <summary>…plus this many metres; a short cut saving more is not credited.</summary>
    public double CutToleranceM { get; init; } = 25;

    /// <summary>The projection window reaches this far behind the progress made (noise around a turn)…</summary>
    public double SearchBehindM { get; init; } = 50;

    /// <summary>…and this far beyond the most the racer can have reached.</summary>
    public double SearchAheadM { get; init; } = 100;

    public static RaceStandingsOptions Of(TimeSpan? staleAfter = null, TimeSpan? refreshInterval = null, TimeSpan? idleAfter = null) => new()
    {
        StaleAfter = staleAfter ?? Default.StaleAfter,
        RefreshInterval = refreshInterval ?? Default.RefreshInterval,
        IdleAfter = idleAfter ?? Default.IdleAfter,
    };
}
