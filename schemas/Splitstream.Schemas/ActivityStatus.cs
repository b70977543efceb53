using Splitstream.Schemas.V1;

namespace Splitstream.Schemas;

/// <summary>
/// The status of an activity (DESIGN §5; <c>ActivitySummary.status</c> on the wire, the <c>status</c> column of the
/// store, the API's <c>status</c>): the one representation the gateway, the processors and the store share.
/// </summary>
public static class ActivityStatus
{
    public const string Active = "active";
    public const string Paused = "paused";
    public const string Finished = "finished";

    /// <summary>The status a lifecycle event leaves its activity in (started and resumed: active).</summary>
    public static string After(ActivityEvent.KindOneofCase kind) => kind switch
    {
        ActivityEvent.KindOneofCase.Paused => Paused,
        ActivityEvent.KindOneofCase.Stopped => Finished,
        _ => Active,
    };
}
