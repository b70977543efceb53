using System.Security.Claims;
using Splitstream.ServiceDefaults;
using Splitstream.Store;

namespace Splitstream.QueryApi.Races;

/// <summary>
/// DESIGN §5 for races: standings are public (to any token) unless the race is private; then only its organiser (and
/// admins) see them. Callers answer 404 for a race the viewer may not see, as for one that does not exist.
/// </summary>
public sealed class RacePrivacy(IRaceDirectory races)
{
    public async Task<bool> CanSeeAsync(ClaimsPrincipal viewer, string raceId, CancellationToken cancellationToken) =>
        await races.GetRaceAsync(raceId, cancellationToken) is not { IsPrivate: true } race
        || CanManage(viewer, race);

    public static bool CanManage(ClaimsPrincipal viewer, RaceRecord race) =>
        viewer.Role() == Roles.Admin || viewer.UserId() == race.OrganiserId;
}
