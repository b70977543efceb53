using Splitstream.Schemas.V1;
using Splitstream.Store;

namespace Splitstream.Leaderboards.Tests;

/// <summary>The store methods of migration 3 (leaderboards, goals by id, goal revisions and progress), run against SQLite and PostgreSQL.</summary>
public abstract class BoardStoreContractTests
{
    protected abstract ISplitstreamStore Store { get; }

    [Fact]
    public async Task A_board_version_replaces_the_previous_one_whole_and_the_last_of_a_batch_wins()
    {
        var board = "weekly-distance:run:global:" + Guid.NewGuid().ToString("N")[..8];
        await Store.ReplaceLeaderboardsAsync([Board(board, 10, ("a", 5_000), ("b", 4_000), ("c", 3_000))]);
        await Store.ReplaceLeaderboardsAsync([Board(board, 20, ("c", 9_000), ("a", 5_000)), Board(board, 30, ("c", 9_500), ("a", 5_000))]);

        var view = await Store.GetLeaderboardAsync(board, "viewer", 100);

        Assert.NotNull(view);
        Assert.Equal((30L, 2), (view.UpdatedAtMs, view.TotalEntries));
        Assert.Equal([(1, "c", 9_500.0), (2, "a", 5_000.0)], view.Rows.Select(r => (r.Rank, r.UserId, r.DistanceM)));
        Assert.Null(await Store.GetLeaderboardAsync(board + "-missing", "viewer", 100));
        Assert.Single((await Store.GetLeaderboardAsync(board, "viewer", 1))!.Rows);
    }

    [Fact]
    public async Task Board_rows_say_whether_the_viewer_may_identify_the_athlete()
    {
        var id = Guid.NewGuid().ToString("N")[..8];
        var (viewer, friend, open, closed, unknown) = ($"v-{id}", $"f-{id}", $"o-{id}", $"c-{id}", $"u-{id}");
        await Store.UpsertUserAsync(new UserProfile(open, "Open", true));
        await Store.UpsertUserAsync(new UserProfile(closed, "Closed", false));
        await Store.UpsertUserAsync(new UserProfile(friend, "Friend", false));
        await Store.AddFriendshipAsync(viewer, friend);
        // A friend whose profile is private is masked like a stranger: a private profile shows nothing to anyone else.
        var hidden = $"h-{id}";
        await ((IAccountStore)Store).UpsertProfileAsync(new AccountProfile(hidden, "Hidden", AccountProfile.Private, null, null, null));
        await Store.AddFriendshipAsync(viewer, hidden);
        var board = $"weekly-distance:ride:global:{id}";
        await Store.ReplaceLeaderboardsAsync([Board(board, 1, (closed, 50), (open, 40), (friend, 30), (viewer, 20), (unknown, 10), (hidden, 5))]);

        var rows = (await Store.GetLeaderboardAsync(board, viewer, 100))!.Rows;

        Assert.Equal([(closed, false), (open, true), (friend, true), (viewer, true), (unknown, false), (hidden, false)], rows.Select(r => (r.UserId, r.Identified)));
        Assert.Equal("Open", rows[1].DisplayName);
    }

    [Fact]
    public async Task Goals_are_saved_by_id_with_a_growing_revision_and_their_first_creation_time()
    {
        var user = "goals-" + Guid.NewGuid().ToString("N")[..8];
        Assert.Equal(0, (await Store.GetGoalSetAsync(user)).Revision);

        var first = await Store.SaveGoalAsync(new Goal(user, "run", "week", 10_000, Goal.DistanceKind, 0, CreatedAtMs: 100));
        var second = await Store.SaveGoalAsync(new Goal(user, "run", "week", 0, Goal.FrequencyKind, 3, CreatedAtMs: 200));
        var changed = await Store.SaveGoalAsync(new Goal(user, "run", "week", 12_000, Goal.DistanceKind, 0, CreatedAtMs: 300));

        Assert.Equal([1L, 2, 3], new[] { first.Revision, second.Revision, changed.Revision });
        Assert.Equal([new Goal(user, "run", "week", 12_000, Goal.DistanceKind, 0, 100), new Goal(user, "run", "week", 0, Goal.FrequencyKind, 3, 200)],
            changed.Goals);
        Assert.Equal(changed, await Store.GetGoalSetAsync(user) with { Goals = changed.Goals });
        Assert.Equal(changed.Goals, (await Store.GetGoalSetAsync(user)).Goals);

        var deleted = await Store.DeleteGoalAsync(user, "frequency:run:week");
        Assert.Equal(4, deleted!.Revision);
        Assert.Equal(["distance:run:week"], deleted.Goals.Select(g => g.GoalId));
        Assert.Null(await Store.DeleteGoalAsync(user, "frequency:run:week"));
        Assert.Equal(4, (await Store.GetGoalSetAsync(user)).Revision);
    }

    [Fact]
    public async Task Goal_progress_is_upserted_per_user_goal_and_period_and_read_for_chosen_periods()
    {
        var user = "progress-" + Guid.NewGuid().ToString("N")[..8];
        await Store.UpsertGoalProgressAsync([
            Progress(user, "2026-W46", 3_000, achievedAt: null),
            Progress(user, "2026-W47", 4_000, achievedAt: null),
            Progress(user, "2026-W47", 11_000, achievedAt: 1_234),
            Progress(user, "2026", 50_000, achievedAt: null),
        ]);

        var rows = await Store.GetGoalProgressAsync(user, ["2026-W47", "2026"]);

        Assert.Equal([("2026", 50_000.0, false, 0L), ("2026-W47", 11_000.0, true, 1_234L)],
            rows.Select(r => (r.PeriodKey, r.Value, r.Achieved, r.AchievedAtMs)));
        Assert.Empty(await Store.GetGoalProgressAsync(user, []));
    }

    private static GoalProgress Progress(string user, string period, double value, long? achievedAt) => new()
    {
        UserId = user, GoalId = "distance:run:week", PeriodKey = period, Value = value, Target = 10_000, Activities = 1,
        Achieved = achievedAt is not null, AchievedAtMs = achievedAt ?? 0, UpdatedAtMs = 99,
    };

    private static Leaderboard Board(string boardId, long updated, params (string User, double Distance)[] entries)
    {
        var board = new Leaderboard { BoardId = boardId, Sport = "run", Scope = "global", Week = "2026-W47", UpdatedAtMs = updated };
        board.Entries.AddRange(entries.Select((e, i) => new LeaderboardEntry { Rank = i + 1, UserId = e.User, DistanceM = e.Distance, Activities = 1 }));
        return board;
    }
}

public sealed class SqliteBoardStoreContractTests(SqliteStoreFixture fixture) : BoardStoreContractTests, IClassFixture<SqliteStoreFixture>
{
    protected override ISplitstreamStore Store => fixture.Store;
}

public sealed class PostgresBoardStoreContractTests(PostgresDatabaseFixture fixture) : BoardStoreContractTests, IClassFixture<PostgresDatabaseFixture>
{
    protected override ISplitstreamStore Store => fixture.Store;
}
