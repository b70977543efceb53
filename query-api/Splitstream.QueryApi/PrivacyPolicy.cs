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
        var activity = await store.GetActivityAsync(activityId, cancellationToken);
        if (activity is null)
        {
            return null;
        }
        // Public activities need no friendship lookup.
        if (activity.EffectivelyPublic)
        {
            return activity;
        }
        return CanSee(await RelationAsync(viewer, activity.UserId, cancellationToken), activity) ? activity : null;
    }
}
