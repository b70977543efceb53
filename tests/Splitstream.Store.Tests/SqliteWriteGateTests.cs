using Splitstream.Schemas.V1;

namespace Splitstream.Store.Tests;

/// <summary>
/// The embedded store's write gates (issue 16): every write transaction of a process queues on one gate per file, shared
/// by every store on it, instead of meeting SQLITE_BUSY (which Microsoft.Data.Sqlite answers with a 150 ms sleep), and
/// no way out of a write, failed or cancelled, keeps the gate. Points have a file and a gate of their own; everything
/// else is written to the main file. Each test holds a gate itself to see who waits on it.
/// </summary>
public sealed class SqliteWriteGateTests : IAsyncLifetime
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "splitstream-gate-tests", Guid.NewGuid().ToString("N"));
    private SqliteStore store = null!;

    private string DatabasePath => Path.Combine(directory, "splitstream.db");

    public async Task InitializeAsync()
    {
        store = new SqliteStore(DatabasePath);
        await store.MigrateAsync();
    }

    public async Task DisposeAsync()
    {
        Assert.False(store.WriteGate.IsHeld, "a test left the main file's write gate held");
        Assert.False(store.PointsWriteGate.IsHeld, "a test left the points file's write gate held");
        await store.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task A_second_store_on_the_same_file_queues_its_writes_on_the_first_stores_gates()
    {
        // The path spelled differently: the gates belong to the files, not to the string.
        await using var other = new SqliteStore(Path.Combine(directory, ".", "splitstream.db"));
        Assert.Same(store.WriteGate, other.WriteGate);
        Assert.Same(store.PointsWriteGate, other.PointsWriteGate);
        Assert.NotSame(store.WriteGate, store.PointsWriteGate);
        Assert.Equal(DatabasePath + ".points", other.PointsPath);
        var id = TestData.NewId();
        var track = TestData.Track(id, 500);

        await WriteWhileTheGateIsHeldAsync(store.PointsWriteGate, () => other.WriteGpsAsync(track), "the other store's point write");
        await WriteWhileTheGateIsHeldAsync(store.WriteGate, () => other.ApplyActivityEventsAsync([Started(id)]), "the other store's event write");

        Assert.Equal(track, await store.GetGpsAsync(id));
        Assert.Equal("active", (await store.GetActivityAsync(id))?.Status);
    }

    [Theory]
    [InlineData("points")]
    [InlineData("heart rate")]
    [InlineData("summaries")]
    [InlineData("activity events")]
    [InlineData("a user")]
    public async Task Every_kind_of_write_waits_for_its_files_gate_and_goes_past_the_other_files_held_gate(string kind)
    {
        var (own, other) = kind is "points" or "heart rate" ? (store.PointsWriteGate, store.WriteGate) : (store.WriteGate, store.PointsWriteGate);
        Task Write()
        {
            var id = TestData.NewId();
            return kind switch
            {
                "points" => store.WriteGpsAsync(TestData.Track(id, 10)),
                "heart rate" => store.WriteHeartRateAsync(TestData.HeartRate(id, 10)),
                "summaries" => store.UpsertSummariesAsync([TestData.Summary(id, TestData.NewId("user"))]),
                "activity events" => store.ApplyActivityEventsAsync([Started(id)]),
                "a user" => store.UpsertUserAsync(new UserProfile(TestData.NewId("user"), "Gate Keeper", PublicActivities: true)),
                _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
            };
        }

        await WriteWhileTheGateIsHeldAsync(own, Write, $"the {kind} write");

        // The point sink and the activity sink never wait for each other.
        await other.EnterAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
        try
        {
            await Write().WaitAsync(TimeSpan.FromSeconds(20));
        }
        finally
        {
            other.Exit();
        }
    }

    [Fact]
    public async Task A_write_that_fails_inside_its_transaction_leaves_the_gate_to_the_next_writer()
    {
        var id = TestData.NewId();
        // An event without a kind is refused after BEGIN IMMEDIATE, with the gate held.
        var refused = await Assert.ThrowsAsync<ArgumentException>(() =>
            store.ApplyActivityEventsAsync([Started(id), new ActivityEvent { ActivityId = id }]));
        Assert.Contains("has no kind", refused.Message);

        Assert.False(store.WriteGate.IsHeld, "the failed write kept the gate");
        await store.ApplyActivityEventsAsync([Started(id)]);
        Assert.Equal("active", (await store.GetActivityAsync(id))?.Status);
    }

    [Fact]
    public async Task A_writer_cancelled_while_it_waits_for_the_gate_never_takes_it()
    {
        using var cancel = new CancellationTokenSource();
        await store.PointsWriteGate.EnterAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
        Task write;
        try
        {
            write = store.WriteGpsAsync(TestData.Track(TestData.NewId(), 10), cancel.Token);
            await Eventually.TrueAsync(() => store.PointsWriteGate.Waiting == 1, "the write to reach the gate");
            await cancel.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => write);
        }
        finally
        {
            store.PointsWriteGate.Exit();
        }

        Assert.False(store.PointsWriteGate.IsHeld, "the cancelled writer took the gate");
        Assert.Equal(0, store.PointsWriteGate.Waiting);
    }

    [Theory]
    [InlineData("points")]
    [InlineData("main")]
    public async Task A_writer_kept_waiting_past_the_write_timeout_gets_a_timeout_naming_the_file(string file)
    {
        // A writer that never leaves (a write nested in another on one flow would be one) must show as an error, as
        // SQLITE_BUSY would after the command timeout, not stall its sink for good.
        await using var impatient = new SqliteStore(DatabasePath, writeTimeout: TimeSpan.FromMilliseconds(300));
        var (gate, path, write) = file == "points"
            ? (store.PointsWriteGate, store.PointsPath, (Func<Task>)(() => impatient.WriteGpsAsync(TestData.Track(TestData.NewId(), 10))))
            : (store.WriteGate, store.DatabasePath, () => impatient.ApplyActivityEventsAsync([Started(TestData.NewId())]));
        await gate.EnterAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
        try
        {
            var timeout = await Assert.ThrowsAsync<TimeoutException>(write);
            Assert.Contains(path, timeout.Message);
        }
        finally
        {
            gate.Exit();
        }
    }

    [Fact]
    public async Task A_sink_batch_of_either_kind_is_one_write_transaction()
    {
        var id = TestData.NewId();
        var other = TestData.NewId();
        // Two activities interleaved in one batch, as the point sink's batches are.
        List<GpsPoint> gps = [.. TestData.Track(id, 300).Zip(TestData.Track(other, 300)).SelectMany(p => new[] { p.First, p.Second })];
        var heartRate = TestData.HeartRate(id, 200);
        var (entries, pointEntries) = (store.WriteGate.Entries, store.PointsWriteGate.Entries);

        await store.WritePointsAsync(gps, heartRate);
        Assert.Equal((entries, pointEntries + 1), (store.WriteGate.Entries, store.PointsWriteGate.Entries));
        await store.WriteActivityRecordsAsync([Started(id)], [TestData.Summary(id, TestData.NewId("user"))],
            [new WindowMetrics { ActivityId = id, WindowStartMs = 0, WindowEndMs = 60_000, DistanceM = 180, MovingTimeS = 60, Samples = 60 }]);
        Assert.Equal((entries + 1, pointEntries + 1), (store.WriteGate.Entries, store.PointsWriteGate.Entries));

        Assert.Equal(gps.Where(p => p.ActivityId == id), await store.GetGpsAsync(id));
        Assert.Equal(gps.Where(p => p.ActivityId == other), await store.GetGpsAsync(other));
        Assert.Equal(heartRate, await store.GetHeartRateAsync(id));
        Assert.NotNull((await store.GetActivityAsync(id))?.Summary);
        Assert.Single(await store.GetWindowsAsync(id));
    }

    [Fact]
    public async Task The_gate_counts_its_entries_the_time_it_was_held_and_the_time_a_writer_waited_for_it()
    {
        var (held, waited, entries) = (store.PointsWriteGate.HeldTime, store.PointsWriteGate.WaitTime, store.PointsWriteGate.Entries);
        await store.PointsWriteGate.EnterAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
        var testHeld = System.Diagnostics.Stopwatch.StartNew();
        Task write;
        TimeSpan testHeldAtLeast, writerWaitedAtLeast;
        try
        {
            write = store.WriteGpsAsync(TestData.Track(TestData.NewId(), 10));
            await Eventually.TrueAsync(() => store.PointsWriteGate.Waiting == 1, "the write to queue on the gate");
            var writerWaiting = System.Diagnostics.Stopwatch.StartNew();
            await Task.Delay(200);
            (testHeldAtLeast, writerWaitedAtLeast) = (testHeld.Elapsed, writerWaiting.Elapsed);
        }
        finally
        {
            store.PointsWriteGate.Exit();
        }
        await write;

        Assert.Equal(entries + 2, store.PointsWriteGate.Entries);
        Assert.True(store.PointsWriteGate.HeldTime - held >= testHeldAtLeast,
            $"counted {store.PointsWriteGate.HeldTime - held} held; the test alone held it for {testHeldAtLeast}");
        Assert.True(store.PointsWriteGate.WaitTime - waited >= writerWaitedAtLeast,
            $"counted {store.PointsWriteGate.WaitTime - waited} waited; the writer waited at least {writerWaitedAtLeast}");
    }

    /// <summary>
    /// Holds the gate, starts the write, sees it queue on the gate and not complete, then lets it go and awaits it.
    /// Nothing holds SQLite's write lock meanwhile, only the gate: a write that doesn't queue on it goes straight through.
    /// </summary>
    private static async Task WriteWhileTheGateIsHeldAsync(SqliteWriteGate gate, Func<Task> start, string what)
    {
        await gate.EnterAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
        Task write;
        try
        {
            write = start();
            await Eventually.TrueAsync(() => gate.Waiting == 1 || write.IsCompleted, what + " to reach the gate");
            Assert.False(write.IsCompleted, what + " went past this process's held gate");
        }
        finally
        {
            gate.Exit();
        }
        await write;
    }

    private static ActivityEvent Started(string activityId) => new()
    {
        ActivityId = activityId,
        EventTimeMs = TestData.Start.ToUnixTimeMilliseconds(),
        Started = new Started { UserId = TestData.NewId("user"), Sport = "run", Country = "CA" },
    };
}
