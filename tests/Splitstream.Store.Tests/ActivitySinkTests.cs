using Confluent.Kafka;
using Splitstream.Processors.Sinks;
using Splitstream.Schemas;
using Splitstream.Schemas.V1;

namespace Splitstream.Store.Tests;

/// <summary>The summary/metrics/events sink against the embedded cluster, writing into SQLite and a real PostgreSQL.</summary>
public sealed class ActivitySinkTests(PlatformFixture platform, SqliteFileFixture sqlite, PostgresDatabaseFixture postgres)
    : IClassFixture<PlatformFixture>, IClassFixture<SqliteFileFixture>, IClassFixture<PostgresDatabaseFixture>
{
    private ISplitstreamStore StoreOf(string kind) => kind == "postgres" ? postgres.Store : sqlite.Store;

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Summaries_windows_and_events_are_keyed_upserts_that_a_replay_leaves_unchanged(string kind)
    {
        var store = StoreOf(kind);
        await using var harness = new SinkHarness(platform.Platform);
        var id = TestData.NewId();
        var t0 = TestData.Start.ToUnixTimeMilliseconds();
        await harness.ProduceAsync(Topics.ActivityEvents, id, TestData.Started(id, "owner-1", t0));
        await harness.ProduceAsync(Topics.ActivitySummary, id, TestData.Summary(id, "owner-1", distanceM: 1000, status: "active"));
        await harness.ProduceAsync(Topics.ActivityMetrics, id, TestData.Window(id, 0, 150));
        await harness.ProduceAsync(Topics.ActivityMetrics, id, TestData.Window(id, 1, 160));
        // A late record corrects window 0; the latest summary wins.
        await harness.ProduceAsync(Topics.ActivityMetrics, id, TestData.Window(id, 0, 175));
        var latest = TestData.Summary(id, "owner-1", distanceM: 2000, status: "finished");
        await harness.ProduceAsync(Topics.ActivitySummary, id, latest);

        var first = SinkHarness.Options("first");
        var sink = await harness.StartActivitySinkAsync(store, first);
        await harness.WaitCaughtUpAsync(first.ActivityGroupId, ActivityRecordsBatch.Topics);
        await harness.StopAsync(sink);
        var stored = (await store.GetActivityAsync(id))!;
        Assert.Equal(latest, stored.ReadSummary());
        Assert.Equal([175.0, 160.0], (await store.GetWindowsAsync(id)).Select(w => w.DistanceM));

        var replay = SinkHarness.Options("replay");
        var replaySink = await harness.StartActivitySinkAsync(store, replay);
        await harness.WaitCaughtUpAsync(replay.ActivityGroupId, ActivityRecordsBatch.Topics);
        await harness.StopAsync(replaySink);
        Assert.Equal(stored, (await store.GetActivityAsync(id))!, ActivityRecordComparer.Instance);
        Assert.Equal([175.0, 160.0], (await store.GetWindowsAsync(id)).Select(w => w.DistanceM));
    }
}
