using System.Security.Claims;
using Splitstream.ServiceDefaults;
using Splitstream.Store;

namespace Splitstream.QueryApi.Races;

/// <summary>
/// DESIGN §8 for races: a public race is readable by anyone, without a token (spectators); a private race only by its
/// organiser, its registered racers and admins. Callers answer 404 for a race the viewer may not see, as for one that
/// does not exist. What each viewer sees of each racer is <see cref="RaceAccess"/>'s to decide.
/// </summary>
public sealed class RacePrivacy(IRaceDirectory races, IRaceStore raceStore)
{
    /// <summary>The viewer's access to the race, or null when they may not see it.</summary>
    public async Task<RaceAccess?> AccessAsync(ClaimsPrincipal viewer, string raceId, CancellationToken cancellationToken)
    {
        var race = await races.GetRaceAsync(raceId, cancellationToken);
        var participants = race is null
            ? new Dictionary<string, RaceParticipant>()
            : (await raceStore.GetParticipantsAsync(raceId, cancellationToken)).ToDictionary(p => p.UserId, StringComparer.Ordinal);
        var viewerId = viewer.IsAuthenticated() ? viewer.UserId() : null;
        var manager = viewer.IsAuthenticated() && viewer.Role() == Roles.Admin || (race is not null && CanManage(viewer, race));
        var racer = viewerId is not null && participants.ContainsKey(viewerId);
        if (race is { IsPrivate: true } && !manager && !racer)
        {
            return null;
        }
        return new RaceAccess(race, participants, viewerId, manager);
    }

    /// <summary>Admins manage every race; an organiser the races they own.</summary>
    public static bool CanManage(ClaimsPrincipal viewer, RaceRecord race) =>
        viewer.IsAuthenticated() && (viewer.Role() == Roles.Admin || (viewer.Role() == Roles.Organiser && viewer.UserId() == race.OrganiserId));
}
