namespace Splitstream.Geo;

/// <summary>A standard distance a best effort is measured over.</summary>
public readonly record struct BestEffortDistance(string Name, double DistanceM)
{
    private static readonly BestEffortDistance[] OnFoot =
    [
        new("400m", 400), new("1km", 1_000), new("1mile", 1_609.344), new("5km", 5_000), new("10km", 10_000),
        new("half_marathon", 21_097.5), new("marathon", 42_195),
    ];

    private static readonly BestEffortDistance[] Riding = [new("5km", 5_000), new("10km", 10_000), new("20km", 20_000), new("40km", 40_000)];

    /// <summary>
    /// The distances of DESIGN.md §4: runs 400 m to marathon, rides 5 to 40 km. Walks and hikes use the running list
    /// (people race-walk 5 km, 10 km and marathons; a fastest walked kilometre is a figure walkers track too).
    /// </summary>
    public static IReadOnlyList<BestEffortDistance> For(Sport sport) => sport switch
    {
        Sport.Ride => Riding,
        Sport.Run or Sport.Walk or Sport.Hike => OnFoot,
        _ => throw new ArgumentOutOfRangeException(nameof(sport), sport, "Unknown sport."),
    };
}
