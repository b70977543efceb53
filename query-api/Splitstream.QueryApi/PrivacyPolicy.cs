using System.Security.Claims;
using Splitstream.ServiceDefaults;
using Splitstream.Store;

namespace Splitstream.QueryApi;

/// <summary>
/// The one place read access is decided (DESIGN §5): a user sees their own activities, their friends', and public
/// ones, unless the owner's profile is private (DESIGN §7: visibility <c>private</c>): then nobody else sees anything
/// of theirs, friends included. Callers answer 404 for anything not visible, exactly as for something missing, so ids
/// do not leak.
/// </summary>
/// <remarks>Each decision is one store query (the standing, or the activity with it), not one per fact: it runs on every read.</remarks>
public sealed class PrivacyPolicy(IActivityStore activities, IUserStore users)
{
    public async Task<ViewerRelation> RelationAsync(ClaimsPrincipal viewer, string ownerId, CancellationToken cancellationToken)
    {
        var viewerId = viewer.UserId();
        if (viewerId == ownerId)
        {
            return ViewerRelation.Owner;
        }
        var (ownerIsPrivate, viewerIsFriend) = await users.GetViewerStandingAsync(viewerId, ownerId, cancellationToken);
        return ownerIsPrivate ? ViewerRelation.Hidden : viewerIsFriend ? ViewerRelation.Friend : ViewerRelation.Stranger;
    }

    /// <summary>
    /// Whether the viewer may see what is aggregated over all of the owner's activities (goals and their progress,
    /// progress per period): the owner, friends, and anyone when the owner shares activities publicly; nobody else
    /// when the profile is private (<see cref="ViewerRelation.Hidden"/>). An aggregate can't leave the non-public
    /// activities out, so a stranger sees it only when every activity is public.
    /// </summary>
    public async Task<bool> CanSeeAggregatesAsync(ClaimsPrincipal viewer, string ownerId, CancellationToken cancellationToken) =>
        await RelationAsync(viewer, ownerId, cancellationToken) switch
        {
            ViewerRelation.Owner or ViewerRelation.Friend => true,
            ViewerRelation.Stranger => await users.GetUserAsync(ownerId, cancellationToken) is { PublicActivities: true },
            _ => false,
        };

    public static bool CanSee(ViewerRelation relation, ActivityRecord activity) => relation switch
    {
        ViewerRelation.Owner or ViewerRelation.Friend => true,
        ViewerRelation.Stranger => activity.EffectivelyPublic,
        _ => false,
    };

    /// <summary>The activity if it exists and the viewer may see it; null for both "missing" and "forbidden".</summary>
    public async Task<ActivityRecord?> VisibleActivityAsync(ClaimsPrincipal viewer, string activityId, CancellationToken cancellationToken)
    {
        var viewerId = viewer.UserId();
        if (await activities.GetActivityForViewerAsync(activityId, viewerId, cancellationToken) is not var (activity, isFriend, ownerIsPrivate))
        {
            return null;
        }
        var relation = activity.UserId == viewerId ? ViewerRelation.Owner
            : ownerIsPrivate ? ViewerRelation.Hidden
            : isFriend ? ViewerRelation.Friend : ViewerRelation.Stranger;
        return CanSee(relation, activity) ? activity : null;
    }
}
