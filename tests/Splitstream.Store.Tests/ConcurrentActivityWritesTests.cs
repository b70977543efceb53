using Npgsql;
using Splitstream.Schemas.V1;
using Splitstream.Testing;

namespace Splitstream.Store.Tests;

/// <summary>
/// Two activity sinks writing at once: processors hosts in one consumer group against one PostgreSQL (the capacity
/// plan's scale-out). Their batches hold different activities, but a user's rows are shared: the stats rollup
/// (<c>activity_totals</c>, a row per user, sport and month, kept by a trigger on every summary) and the progress
/// buckets. Batches that reach two rollup rows in opposite orders deadlocked (PostgreSQL aborts one after
/// <c>deadlock_timeout</c>, the sink retries it with an error logged; both shapes below did, in arrival order and in
/// activity-id order); the store writes a batch's summaries in the rollup's key order, so they queue instead.
/// </summary>
public sealed class ConcurrentActivityWritesTests
{
    private static readonly TimeSpan LockWaitTimeout = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Each batch's two activities as (owner, sport), the first batch's in one order of their rollup rows and the second's
    /// in the other; the activity ids run in each batch's order, so an order by activity id alone would cross too.
    /// </summary>
    public static TheoryData<string, (string User, string Sport)[], (string User, string Sport)[]> Shapes => new()
    {
        { "two users", [("a", "run"), ("b", "run")], [("b", "run"), ("a", "run")] },
        { "one user, two sports", [("a", "run"), ("a", "ride")], [("a", "ride"), ("a", "run")] },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task Two_batches_that_reach_two_rollup_rows_in_opposite_orders_both_commit_and_the_totals_add_up(
        string shape, (string User, string Sport)[] firstBatch, (string User, string Sport)[] secondBatch)
    {
        var database = await PostgresServer.CreateDatabaseAsync();
        try
        {
            await using var store = new PostgresStore(database);
            await store.MigrateAsync();
            var users = firstBatch.Concat(secondBatch).Select(a => a.User).Distinct().ToDictionary(u => u, u => TestData.NewId("user-" + u));
            var run = Guid.NewGuid().ToString("N");
            List<ActivitySummary> Batch(string name, (string User, string Sport)[] activities, double distanceM) =>
                activities.Select((a, i) => TestData.Summary($"{name}{i}-{run}", users[a.User], distanceM + 1000 * i, a.Sport)).ToList();
            var batchOne = Batch("a", firstBatch, 1000);
            var batchTwo = Batch("b", secondBatch, 3000);
            await store.UpsertSummariesAsync([.. batchOne, .. batchTwo]);

            // Live summaries of all four, written by two writers at once while every rollup row of theirs is held: both
            // writers then wait at the first rollup row they reach, and go on together when the rows are released.
            var liveOne = batchOne.Select(s => TestData.Summary(s.ActivityId, s.UserId, s.DistanceM + 111.111, s.Sport)).ToList();
            var liveTwo = batchTwo.Select(s => TestData.Summary(s.ActivityId, s.UserId, s.DistanceM + 222.222, s.Sport)).ToList();
            await using var blocker = new NpgsqlConnection(database);
            await blocker.OpenAsync();
            await using (var hold = await blocker.BeginTransactionAsync())
            {
                await using (var command = new NpgsqlCommand(
                    "SELECT count(*) FROM (SELECT 1 FROM activity_totals WHERE user_id = ANY(@users) FOR UPDATE) AS held", blocker, hold))
                {
                    command.Parameters.AddWithValue("users", users.Values.ToArray());
                    Assert.Equal(2L, await command.ExecuteScalarAsync());
                }
                var writes = new[] { Task.Run(() => store.UpsertSummariesAsync(liveOne)), Task.Run(() => store.UpsertSummariesAsync(liveTwo)) };
                // Watched from a connection of its own: inside a transaction pg_stat_activity keeps its first snapshot.
                await using var watcher = new NpgsqlConnection(database);
                await watcher.OpenAsync();
                await WaitForLockWaitersAsync(watcher, 2, writes, shape);
                await hold.CommitAsync();
                await Task.WhenAll(writes).WaitAsync(LockWaitTimeout);
            }

            // Each rollup row holds its activities' live distances, in thousandths of a metre.
            var expected = liveOne.Concat(liveTwo).GroupBy(s => (s.UserId, s.Sport))
                .ToDictionary(g => g.Key, g => Millimetres([.. g]));
            Assert.Equal(expected.OrderBy(e => e.Key), (await ReadDistanceMillimetresAsync(blocker, [.. users.Values])).OrderBy(e => e.Key));
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await PostgresServer.DropDatabaseAsync(database);
        }
    }

    private static long Millimetres(params ActivitySummary[] summaries) =>
        summaries.Sum(s => (long)Math.Truncate(s.DistanceM * 1000 + 0.5));

    /// <summary>Until <paramref name="count"/> other sessions of this database wait for a lock (a write that failed first ends the wait).</summary>
    private static async Task WaitForLockWaitersAsync(NpgsqlConnection connection, int count, IReadOnlyList<Task> writes, string shape)
    {
        await using var command = new NpgsqlCommand("""
            SELECT count(*) FROM pg_stat_activity
            WHERE datname = current_database() AND pid <> pg_backend_pid() AND wait_event_type = 'Lock'
            """, connection);
        for (var deadline = DateTime.UtcNow + LockWaitTimeout; ; await Task.Delay(20))
        {
            if ((long)(await command.ExecuteScalarAsync())! >= count)
            {
                return;
            }
            if (writes.FirstOrDefault(w => w.IsFaulted) is { } failed)
            {
                await failed;
            }
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"{shape}: fewer than {count} writers waited for the held rows within {LockWaitTimeout}: {await SessionsAsync(connection)}");
            }
        }
    }

    private static async Task<string> SessionsAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand("""
            SELECT coalesce(state, '') || ' ' || coalesce(wait_event_type, '') || '/' || coalesce(wait_event, '') || ': ' || left(query, 80)
            FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()
            """, connection);
        var sessions = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            sessions.Add(reader.GetString(0));
        }
        return string.Join("; ", sessions);
    }

    private static async Task<Dictionary<(string User, string Sport), long>> ReadDistanceMillimetresAsync(NpgsqlConnection connection, string[] users)
    {
        await using var command = new NpgsqlCommand(
            "SELECT user_id, sport, sum(distance_mm)::bigint FROM activity_totals WHERE user_id = ANY(@users) GROUP BY user_id, sport", connection);
        command.Parameters.AddWithValue("users", users);
        var totals = new Dictionary<(string, string), long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            totals[(reader.GetString(0), reader.GetString(1))] = reader.GetInt64(2);
        }
        return totals;
    }
}
