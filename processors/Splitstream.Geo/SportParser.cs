namespace Splitstream.Geo;

/// <summary>Parses the wire names of <see cref="Sport"/> (<c>run|ride|walk|hike</c>, case-insensitive).</summary>
public static class SportParser
{
    public static bool TryParse(string? text, out Sport sport)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "run": sport = Sport.Run; return true;
            case "ride": sport = Sport.Ride; return true;
            case "walk": sport = Sport.Walk; return true;
            case "hike": sport = Sport.Hike; return true;
            default: sport = default; return false;
        }
    }

    /// <summary>The wire name, the inverse of <see cref="TryParse"/>.</summary>
    public static string ToWireName(this Sport sport) => sport switch
    {
        Sport.Run => "run",
        Sport.Ride => "ride",
        Sport.Walk => "walk",
        Sport.Hike => "hike",
        _ => throw new ArgumentOutOfRangeException(nameof(sport), sport, "Unknown sport."),
    };
}
