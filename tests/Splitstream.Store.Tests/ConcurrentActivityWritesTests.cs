using Npgsql;
using Splitstream.Schemas.V1;
using Splitstream.Testing;

namespace Splitstream.Store.Tests;

/// <summary>
/// Two activity sinks writing at once: processors hosts in one consumer group against one PostgreSQL (the capacity
/// plan's scale-out). Their batches hold different activities, but a user's rows are shared: the stats rollup
/// (<c>activity_totals</c>, kept by a trigger on every summary) and the progress buckets. Batches that reach two users'
/// rows in opposite orders would deadlock (PostgreSQL aborts one after <c>deadlock_timeout</c>, the sink retries it with
/// an error logged); the store writes a batch's summaries in user order, so they queue instead.
/// </summary>
public sealed class ConcurrentActivityWritesTests
{
    private static readonly TimeSpan LockWaitTimeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Two_batches_that_reach_two_users_rows_in_opposite_orders_both_commit_and_the_totals_add_up()
    {
        var database = await PostgresServer.CreateDatabaseAsync();
        try
        {
            await using var store = new PostgresStore(database);
            await store.MigrateAsync();
            var (first, second) = (TestData.NewId("user-a"), TestData.NewId("user-b"));
            // Each batch holds one activity of each user, in opposite user orders.
            var batchOne = new[] { TestData.Summary(TestData.NewId(), first, 1000), TestData.Summary(TestData.NewId(), second, 2000) };
            var batchTwo = new[] { TestData.Summary(TestData.NewId(), second, 3000), TestData.Summary(TestData.NewId(), first, 4000) };
            await store.UpsertSummariesAsync([.. batchOne, .. batchTwo]);

            // Live summaries of all four, written by two writers at once while both users' rollup rows are held: both
            // writers then wait at the first rollup row they reach, and go on together when the rows are released.
            var liveOne = batchOne.Select(s => TestData.Summary(s.ActivityId, s.UserId, s.DistanceM + 111.111)).ToList();
            var liveTwo = batchTwo.Select(s => TestData.Summary(s.ActivityId, s.UserId, s.DistanceM + 222.222)).ToList();
            await using var blocker = new NpgsqlConnection(database);
            await blocker.OpenAsync();
            await using (var hold = await blocker.BeginTransactionAsync())
            {
                await using (var command = new NpgsqlCommand(
                    "SELECT count(*) FROM (SELECT 1 FROM activity_totals WHERE user_id IN (@first, @second) FOR UPDATE) AS held", blocker, hold))
                {
                    command.Parameters.AddWithValue("first", first);
                    command.Parameters.AddWithValue("second", second);
                    Assert.Equal(2L, await command.ExecuteScalarAsync());
                }
                var writes = new[] { Task.Run(() => store.UpsertSummariesAsync(liveOne)), Task.Run(() => store.UpsertSummariesAsync(liveTwo)) };
                // Watched from a connection of its own: inside a transaction pg_stat_activity keeps its first snapshot.
                await using var watcher = new NpgsqlConnection(database);
                await watcher.OpenAsync();
                await WaitForLockWaitersAsync(watcher, 2, writes);
                await hold.CommitAsync();
                await Task.WhenAll(writes).WaitAsync(LockWaitTimeout);
            }

            // The rollup holds each user's two live distances, in thousandths of a metre.
            var totals = await ReadDistanceMillimetresAsync(blocker, first, second);
            Assert.Equal(
                (Millimetres(liveOne[0], liveTwo[1]), Millimetres(liveOne[1], liveTwo[0])),
                (totals[first], totals[second]));
        }
        finally
        {
            Npgsql.NpgsqlConnection.ClearAllPools();
            await PostgresServer.DropDatabaseAsync(database);
        }
    }

    private static long Millimetres(params ActivitySummary[] summaries) =>
        summaries.Sum(s => (long)Math.Truncate(s.DistanceM * 1000 + 0.5));

    /// <summary>Until <paramref name="count"/> other sessions of this database wait for a lock (a write that failed first ends the wait).</summary>
    private static async Task WaitForLockWaitersAsync(NpgsqlConnection connection, int count, IReadOnlyList<Task> writes)
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
                Assert.Fail($"fewer than {count} writers waited for the held rows within {LockWaitTimeout}: {await SessionsAsync(connection)}");
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

    private static async Task<Dictionary<string, long>> ReadDistanceMillimetresAsync(NpgsqlConnection connection, params string[] users)
    {
        await using var command = new NpgsqlCommand(
            "SELECT user_id, sum(distance_mm)::bigint FROM activity_totals WHERE user_id = ANY(@users) GROUP BY user_id", connection);
        command.Parameters.AddWithValue("users", users);
        var totals = new Dictionary<string, long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            totals[reader.GetString(0)] = reader.GetInt64(1);
        }
        return totals;
    }
}
