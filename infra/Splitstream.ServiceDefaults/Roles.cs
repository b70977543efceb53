namespace Splitstream.ServiceDefaults;

/// <summary>The roles a token can carry (DESIGN §7).</summary>
public static class Roles
{
    /// <summary>A person: reads what privacy allows, their own profile, goals, friends and device credentials.</summary>
    public const string Athlete = "athlete";

    /// <summary>Telemetry writes for the token's own user only.</summary>
    public const string Device = "device";

    /// <summary>An athlete who also organises races.</summary>
    public const string Organiser = "organiser";

    /// <summary>Reads and replay; no writes.</summary>
    public const string Analyst = "analyst";

    public const string Admin = "admin";

    public static readonly IReadOnlySet<string> All = new HashSet<string> { Athlete, Device, Organiser, Analyst, Admin };
}
