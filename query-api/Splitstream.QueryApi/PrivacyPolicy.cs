using System.Security.Claims;
using Splitstream.ServiceDefaults;
using Splitstream.Store;

namespace Splitstream.QueryApi;

/// <summary>
/// The one place read access is decided (DESIGN §5): a user sees their own activities, their friends', and public
/// ones. Callers answer 404 for anything not visible, exactly as for something missing, so ids do not leak.
/// </summary>
public sealed class PrivacyPolicy(ISplitstreamStore store)
{
    public async Task<ViewerRelation> RelationAsync(ClaimsPrincipal viewer, string ownerId, CancellationToken cancellationToken)
    {
        var viewerId = viewer.UserId();
        if (viewerId == ownerId)
        {
            return ViewerRelation.Owner;
        }
        return await store.AreFriendsAsync(viewerId, ownerId, cancellationToken) ? ViewerRelation.Friend : ViewerRelation.Stranger;
    }

    public static bool CanSee(ViewerRelation relation, ActivityRecord activity) =>
        relation != ViewerRelation.Stranger || activity.EffectivelyPublic;

    /// <summary>The activity if it exists and the viewer may see it; null for both "missing" and "forbidden".</summary>
    public async Task<ActivityRecord?> VisibleActivityAsync(ClaimsPrincipal viewer, string activityId, CancellationToken cancellationToken)
    {
        var viewerId = viewer.UserId();
        if (await store.GetActivityForViewerAsync(activityId, viewerId, cancellationToken) is not var (activity, isFriend))
        {
            return null;
        }
        var relation = activity.UserId == viewerId ? ViewerRelation.Owner : isFriend ? ViewerRelation.Friend : ViewerRelation.Stranger;
        return CanSee(relation, activity) ? activity : null;
    }
}
