namespace Splitstream.ServiceDefaults;

/// <summary>The roles a token can carry (DESIGN §1).</summary>
public static class Roles
{
    public const string Device = "device";
    public const string Organiser = "organiser";
    public const string Analyst = "analyst";
    public const string Admin = "admin";

    public static readonly IReadOnlySet<string> All = new HashSet<string> { Device, Organiser, Analyst, Admin };
}
