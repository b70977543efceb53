using Microsoft.AspNetCore.Authorization;

namespace Splitstream.ServiceDefaults;

/// <summary>
/// The authorization policies routes declare (DESIGN §7): each is a set of roles. Every route names one of these, or
/// is explicitly anonymous; the role-matrix tests enforce that for every route of both services.
/// </summary>
public static class Policies
{
    /// <summary>Reads of activities, athletes, leaderboards, goals and races: people, not devices.</summary>
    public const string Read = "read";

    /// <summary>Live telemetry: a device, for its own user.</summary>
    public const string Telemetry = "telemetry";

    /// <summary>Track-file uploads: a device, or the athlete from a browser.</summary>
    public const string Upload = "upload";

    /// <summary>Changes to one's own account: profile, goals, friends, device credentials.</summary>
    public const string Member = "member";

    /// <summary>Race management: organisers (their own races) and admins.</summary>
    public const string Organise = "organise";

    public const string Admin = "admin";

    public static readonly IReadOnlyDictionary<string, string[]> RolesOf = new Dictionary<string, string[]>
    {
        [Read] = [Roles.Athlete, Roles.Organiser, Roles.Analyst, Roles.Admin],
        [Telemetry] = [Roles.Device],
        [Upload] = [Roles.Device, Roles.Athlete],
        [Member] = [Roles.Athlete, Roles.Organiser, Roles.Analyst, Roles.Admin],
        [Organise] = [Roles.Organiser, Roles.Admin],
        [Admin] = [Roles.Admin],
    };

    public static void Add(AuthorizationOptions options)
    {
        foreach (var (name, roles) in RolesOf)
        {
            options.AddPolicy(name, p => p.RequireAuthenticatedUser().RequireRole(roles));
        }
    }
}
