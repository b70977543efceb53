using Splitstream.Schemas;
using Splitstream.Schemas.V1;
using Splitstream.Streams;

namespace Splitstream.Processors.Leaderboards;

/// <summary>
/// Re-keys activity summaries (keyed by activity, repeated, latest wins) for the topologies that need all records of a
/// board or of a user in one task: a <see cref="BoardContribution"/> per board the activity counts on (keyed by board
/// id) and a <see cref="UserActivity"/> keyed by user id. It remembers where each activity went last
/// (<see cref="SummaryRouterTopology.RouteStore"/>), so an activity whose sport, country, week or owner changed is
/// retracted from where it no longer belongs. Outputs are functions of the latest summary alone: a duplicate or a
/// replay re-sends identical contributions, which the consumers ignore.
/// </summary>
internal sealed class SummaryRouter : IProcessor<string, ActivitySummary>
{
    private IKeyValueStore<string, ActivityRoute> routes = null!;
    private IProcessorContext context = null!;

    public void Init(IProcessorContext context)
    {
        this.context = context;
        routes = context.GetStateStore<IKeyValueStore<string, ActivityRoute>>(SummaryRouterTopology.RouteStore);
    }

    public void Process(Record<string, ActivitySummary> record)
    {
        var summary = record.Value;
        var activity = summary.ActivityId.Length > 0 ? summary.ActivityId : record.Key;
        // Boards rank measured distance: a manual entry's is typed, so it counts for the athlete's own stats, goals and
        // progress but not against other athletes (DESIGN §10 leaves this open; README "Manual activities").
        var boards = summary.Manual ? [] : BoardRoutes.For(summary.UserId, summary.Sport, summary.Country, summary.StartedAtMs);
        var reachedAt = summary.LastSampleMs > 0 ? summary.LastSampleMs : summary.StartedAtMs;
        routes.TryGet(activity, out var previous);

        if (previous is not null)
        {
            foreach (var left in previous.BoardIds.Except(boards))
            {
                Send(record, left, new BoardContribution { BoardId = left, ActivityId = activity, UserId = previous.UserId, Retracted = true });
            }
        }
        foreach (var board in boards)
        {
            Send(record, board, new BoardContribution
            {
                BoardId = board, ActivityId = activity, UserId = summary.UserId, DistanceM = summary.DistanceM, ReachedAtMs = reachedAt,
            });
        }

        if (previous is { UserId.Length: > 0 } && previous.UserId != summary.UserId)
        {
            context.Forward(record.With(previous.UserId, new UserActivity { UserId = previous.UserId, ActivityId = activity, Retracted = true }),
                SummaryRouterTopology.ByUserSink);
        }
        if (summary.UserId.Length > 0)
        {
            context.Forward(record.With(summary.UserId, new UserActivity
            {
                UserId = summary.UserId, ActivityId = activity, Sport = summary.Sport.Trim().ToLowerInvariant(),
                Country = BoardIds.NormalizeScope(summary.Country) is { } c && c != BoardIds.GlobalScope ? c : "",
                StartedAtMs = summary.StartedAtMs, ReachedAtMs = reachedAt, DistanceM = summary.DistanceM,
                MovingTimeS = summary.MovingTimeS, VolumeKg = summary.VolumeKg,
            }), SummaryRouterTopology.ByUserSink);
        }

        var route = new ActivityRoute { UserId = summary.UserId, BoardIds = { boards } };
        if (!route.Equals(previous))
        {
            routes.Put(activity, route);
        }
    }

    private void Send(Record<string, ActivitySummary> record, string board, BoardContribution contribution) =>
        context.Forward(record.With(board, contribution), SummaryRouterTopology.ByBoardSink);
}
