using Npgsql;
using Splitstream.Schemas.V1;
using Splitstream.Testing;

namespace Splitstream.Store.Tests;

/// <summary>
/// Two activity sinks writing at once: processors hosts in one consumer group against one PostgreSQL (the capacity
/// plan's scale-out). Their batches share rows: a user's stats rollup (<c>activity_totals</c>, a row per user, sport and
/// month, updated by a trigger on every summary) and progress buckets, and an activity's own row when one host writes
/// its events and another its summaries. Each test holds the shared rows from a third connection, starts both writers,
/// waits until both wait for the held rows, releases them, and asserts that both commit with the right result. Batches
/// that reached two shared rows in opposite orders deadlocked before (PostgreSQL aborts one with 40P01 after
/// <c>deadlock_timeout</c>; the sink retries it with an error logged); every shape below did.
/// </summary>
public sealed class ConcurrentActivityWritesTests
{
    private static readonly TimeSpan LockWaitTimeout = TimeSpan.FromSeconds(20);

    private const int Rounds = 8;

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

            // Live summaries of all four, written by two writers at once while every rollup row of theirs is held. Who
            // takes which row first once they are released is the scheduler's choice, so it is tried several times.
            var (liveOne, liveTwo) = (batchOne, batchTwo);
            for (var round = 1; round <= Rounds; round++)
            {
                liveOne = [.. liveOne.Select(s => TestData.Summary(s.ActivityId, s.UserId, s.DistanceM + 111.111, s.Sport))];
                liveTwo = [.. liveTwo.Select(s => TestData.Summary(s.ActivityId, s.UserId, s.DistanceM + 222.222, s.Sport))];
                var (one, two) = (liveOne, liveTwo);
                await WriteWhileHeldAsync(database, $"{shape}, round {round}",
                    "SELECT 1 FROM activity_totals WHERE user_id = ANY(@keys) FOR UPDATE", [.. users.Values], expectedHeld: 2,
                    () => store.UpsertSummariesAsync(one), () => store.UpsertSummariesAsync(two));
            }

            // Each rollup row holds its activities' live distances, in thousandths of a metre.
            var expected = liveOne.Concat(liveTwo).GroupBy(s => (s.UserId, s.Sport)).ToDictionary(g => g.Key, g => Millimetres([.. g]));
            Assert.Equal(expected.OrderBy(e => e.Key), (await ReadDistanceMillimetresAsync(database, [.. users.Values])).OrderBy(e => e.Key));
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await PostgresServer.DropDatabaseAsync(database);
        }
    }

    [Fact]
    public async Task A_batch_of_stops_and_a_batch_of_the_same_activities_final_summaries_both_commit()
    {
        // A race's end: one host writes the racers' Stopped events, another their final summaries, in the other order
        // (by arrival and by owner), while both activity rows are held.
        var database = await PostgresServer.CreateDatabaseAsync();
        try
        {
            await using var store = new PostgresStore(database);
            await store.MigrateAsync();
            var run = Guid.NewGuid().ToString("N");
            var (first, second) = ($"a-{run}", $"b-{run}");
            var (owners, stoppedAt) = (new[] { TestData.NewId("user-a"), TestData.NewId("user-b") }, TestData.Start.ToUnixTimeMilliseconds() + 3_600_000);
            await store.UpsertSummariesAsync([TestData.Summary(first, owners[0], 4000, status: "active"), TestData.Summary(second, owners[1], 5000, status: "active")]);

            var stops = new[] { second, first }.Select(id => new ActivityEvent { ActivityId = id, EventTimeMs = stoppedAt, Stopped = new Stopped() }).ToList();
            var finals = new[] { TestData.Summary(first, owners[0], 4100), TestData.Summary(second, owners[1], 5100) };
            for (var round = 1; round <= Rounds; round++)
            {
                await WriteWhileHeldAsync(database, $"stops against summaries, round {round}",
                    "SELECT 1 FROM activities WHERE activity_id = ANY(@keys) FOR UPDATE", [first, second], expectedHeld: 2,
                    () => store.ApplyActivityEventsAsync(stops), () => store.UpsertSummariesAsync(finals));
            }

            foreach (var summary in finals)
            {
                var stored = await store.GetActivityAsync(summary.ActivityId);
                Assert.Equal(("finished", summary.DistanceM), (stored!.Status, stored.DistanceM));
            }
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await PostgresServer.DropDatabaseAsync(database);
        }
    }

    /// <summary>
    /// Holds the rows <paramref name="holdSql"/> selects (by <c>@keys</c>) in a transaction of a third connection, starts
    /// both writes, waits until two sessions wait for a lock, releases the rows, and awaits both writes.
    /// </summary>
    private static async Task WriteWhileHeldAsync(string database, string shape, string holdSql, string[] keys, long expectedHeld,
        Func<Task> firstWrite, Func<Task> secondWrite)
    {
        await using var blocker = new NpgsqlConnection(database);
        await blocker.OpenAsync();
        await using var hold = await blocker.BeginTransactionAsync();
        await using (var command = new NpgsqlCommand($"SELECT count(*) FROM ({holdSql}) AS held", blocker, hold))
        {
            command.Parameters.AddWithValue("keys", keys);
            Assert.Equal(expectedHeld, await command.ExecuteScalarAsync());
        }
        var writes = new[] { Task.Run(firstWrite), Task.Run(secondWrite) };
        // Watched from a connection of its own: inside a transaction pg_stat_activity keeps its first snapshot.
        await using var watcher = new NpgsqlConnection(database);
        await watcher.OpenAsync();
        await WaitForLockWaitersAsync(watcher, 2, writes, shape);
        await hold.CommitAsync();
        await Task.WhenAll(writes).WaitAsync(LockWaitTimeout);
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

    private static async Task<Dictionary<(string User, string Sport), long>> ReadDistanceMillimetresAsync(string database, string[] users)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
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
