using System.Text;
using Splitstream.Schemas;
using Splitstream.Streams.Demo;

namespace Splitstream.Streams.Tests;

/// <summary>The demo topology through the test driver: deduplication, windows and grace, dead letters, restoration.</summary>
public sealed class SampleCountTopologyTests
{
    private const long Minute = 60_000;

    [Fact]
    public async Task Duplicate_samples_are_counted_once_and_outputs_are_keyed_upserts()
    {
        using var t = await SampleCountDriver.CreateAsync();

        t.PipeGps("a1", 1_000, 2_000, 3_000);
        t.PipeGps("a1", 2_000, 3_000, 4_000);   // a resend overlapping the first batch
        t.PipeHeartRate("a1", 1_000, 2_000);    // same times, other sensor: distinct samples
        t.PipeGps("a2", 1_500);
        t.PipeGps("a1", 1_000, 2_000);          // nothing new: no output at all

        var records = t.CountsOut.ReadRecords();
        Assert.Equal([("a1", 3L), ("a1", 4L), ("a1", 6L), ("a2", 1L)], records.Select(r => (r.Key, r.Value)));
        Assert.Equal(6, t.Driver.GetStateStore<IKeyValueStore<string, long>>(SampleCountTopology.CountStore).All().Single(e => e.Key == "a1").Value);
        Assert.Equal(7, t.Driver.GetStateStore<IKeyValueStore<string, long>>(SampleCountTopology.SeenStore).Count);
    }

    [Fact]
    public async Task Samples_are_counted_per_one_minute_tumbling_window()
    {
        using var t = await SampleCountDriver.CreateAsync();

        t.PipeGps("a1", 10_000, 59_999, Minute, Minute + 1, 3 * Minute + 5);

        var windows = t.WindowsOut.ReadKeyValuesToMap();
        Assert.Equal(new Dictionary<string, long>
        {
            [SampleCountTopology.WindowKey("a1", 0)] = 2,
            [SampleCountTopology.WindowKey("a1", Minute)] = 2,
            [SampleCountTopology.WindowKey("a1", 3 * Minute)] = 1,
        }, windows);
    }

    [Theory]
    // Stream time 70 s, grace 10 s: close time 60 s, so [0, 60 s) is closed but only just.
    [InlineData(70_000, 10_000, 59_000, true)]
    // Stream time 69.999 s: close time 59.999 s, the window still accepts.
    [InlineData(69_999, 10_000, 59_000, false)]
    // No grace: a window closes as soon as stream time reaches its end.
    [InlineData(60_000, 0, 59_000, true)]
    [InlineData(65_000, 30_000, 2_000, false)]
    public async Task A_record_after_its_window_closed_is_counted_as_late_and_still_corrects_the_total(
        long streamTime, long graceMs, long lateSample, bool late)
    {
        using var t = await SampleCountDriver.CreateAsync(TimeSpan.FromMilliseconds(graceMs));
        t.PipeGps("a1", 1_000);
        t.PipeGps("a1", streamTime);
        t.WindowsOut.ReadRecords();

        t.PipeGps("a1", lateSample);

        Assert.Equal(late ? 1 : 0, t.Driver.Metrics.LateRecords);
        Assert.Equal(3, t.CountsOut.ReadKeyValuesToMap()["a1"]);
        var windowUpdates = t.WindowsOut.ReadKeyValuesToMap();
        if (late)
        {
            Assert.Empty(windowUpdates);
        }
        else
        {
            Assert.Equal(2, windowUpdates[SampleCountTopology.WindowKey("a1", 0)]);
        }
    }

    [Fact]
    public async Task A_record_that_cannot_be_decoded_goes_to_the_dead_letter_topic_and_the_rest_flows()
    {
        using var t = await SampleCountDriver.CreateAsync();
        t.PipeGps("a1", 1_000);

        var poison = new byte[] { 0, 0, 0, 0, 42, 0, 0xFF, 0xFF };
        t.Driver.PipeRaw(Topics.Gps, Encoding.UTF8.GetBytes("a1"), poison, 2_000);
        t.PipeGps("a1", 3_000);

        var dead = Assert.Single(t.Driver.ReadRaw(Topics.DeadLetter));
        Assert.Equal("a1", Encoding.UTF8.GetString(dead.Key!));
        Assert.Equal(poison, dead.Value);
        Assert.StartsWith("decode: ", Header(dead, DeadLetterHeaders.Reason));
        Assert.Equal(Topics.Gps, Header(dead, DeadLetterHeaders.SourceTopic));
        Assert.Equal("0", Header(dead, DeadLetterHeaders.SourcePartition));
        Assert.Equal("1", Header(dead, DeadLetterHeaders.SourceOffset));
        Assert.Equal(1, t.Driver.Metrics.DeadLetters);
        Assert.Equal(2, t.CountsOut.ReadKeyValuesToMap()["a1"]);
    }

    [Fact]
    public async Task A_restored_instance_continues_from_the_changelogs_without_double_counting()
    {
        using var first = await SampleCountDriver.CreateAsync(partitions: 3);
        for (var i = 0; i < 20; i++)
        {
            first.PipeGps($"a{i % 5}", i * 10_000, i * 10_000 + 1_000);
            first.PipeHeartRate($"a{i % 5}", i * 10_000);
        }
        var before = first.CountsOut.ReadKeyValuesToMap();

        using var second = await SampleCountDriver.CreateAsync(partitions: 3, restoreFrom: first);
        for (var p = 0; p < 3; p++)
        {
            Assert.Equal(Entries<long>(first, SampleCountTopology.SeenStore, p), Entries<long>(second, SampleCountTopology.SeenStore, p));
            Assert.Equal(Entries<long>(first, SampleCountTopology.CountStore, p), Entries<long>(second, SampleCountTopology.CountStore, p));
            Assert.Equal(Windows(first, p), Windows(second, p));
        }
        for (var i = 10; i < 25; i++)
        {
            // The first ten are replays (already counted); the last five are new.
            second.PipeGps($"a{i % 5}", i * 10_000, i * 10_000 + 1_000);
        }

        Assert.True(second.Driver.Metrics.RestoredRecords > 0);
        var after = second.CountsOut.ReadKeyValuesToMap();
        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        Assert.All(after, e => Assert.Equal(before[e.Key] + 2, e.Value));
    }

    [Fact]
    public async Task Expired_windows_are_dropped_from_the_store_and_tombstoned_in_the_changelog()
    {
        using var t = await SampleCountDriver.CreateAsync(TimeSpan.FromSeconds(10));
        t.PipeGps("a1", 1_000);
        t.PipeGps("a1", 10 * Minute);

        var store = t.Driver.GetStateStore<IWindowStore<string, long>>(SampleCountTopology.WindowStore);
        Assert.False(store.TryGet("a1", 0, out _));
        Assert.True(store.TryGet("a1", 10 * Minute, out _));
        var changelog = t.Driver.ReadRaw(Topics.Changelog("sample-count", SampleCountTopology.WindowStore));
        Assert.Null(changelog.Last(r => r.Key!.Take(8).All(b => b == 0)).Value);
    }

    private static List<KeyValuePair<string, T>> Entries<T>(SampleCountDriver t, string store, int partition) =>
        t.Driver.GetStateStore<IKeyValueStore<string, T>>(store, partition).All().OrderBy(e => e.Key, StringComparer.Ordinal).ToList();

    private static List<(string, long, long)> Windows(SampleCountDriver t, int partition) =>
        t.Driver.GetStateStore<IWindowStore<string, long>>(SampleCountTopology.WindowStore, partition).FetchAll(long.MinValue, long.MaxValue)
            .OrderBy(w => w.WindowStart).ThenBy(w => w.Key, StringComparer.Ordinal).ToList();

    private static string Header(RawRecord record, string name) =>
        Encoding.UTF8.GetString(record.Headers!.GetLastBytes(name));
}
