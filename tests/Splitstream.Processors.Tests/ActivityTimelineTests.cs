using System.Text.Json;
using Splitstream.Geo;
using Splitstream.Processors.Metrics;
using Splitstream.Schemas;

namespace Splitstream.Processors.Tests;

public sealed class ActivityTimelineTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Shuffled_and_duplicated_deliveries_give_the_same_summary_as_an_in_order_once_only_delivery(int seed)
    {
        var activity = new GeneratedActivity(seed);
        var inOrder = new ActivityTimeline("a");
        inOrder.Start(activity.Info);
        foreach (var delivery in activity.Deliveries)
        {
            inOrder.Summarize(); // a live stream is summarized as it goes
            delivery(inOrder);
        }
        var expected = Canonical(inOrder.Summarize());

        var random = new Random(seed * 7919);
        var shuffled = activity.Deliveries.Concat(activity.Deliveries.Where(_ => random.NextDouble() < 0.2)).OrderBy(_ => random.Next()).ToList();
        var replayed = new ActivityTimeline("a");
        var startAt = random.Next(shuffled.Count);
        for (var i = 0; i < shuffled.Count; i++)
        {
            if (i == startAt)
            {
                replayed.Start(activity.Info); // the start event itself may arrive late
            }
            shuffled[i](replayed);
            if (random.NextDouble() < 0.1)
            {
                replayed.Summarize();
            }
        }

        Assert.Equal(expected, Canonical(replayed.Summarize()));
        Assert.Equal(inOrder.Status, replayed.Status);
    }

    [Fact]
    public void Duplicate_points_and_readings_are_reported_as_duplicates()
    {
        var timeline = new ActivityTimeline("a");
        var point = new TrackSample(1000, 45, -73, null, null);

        Assert.True(timeline.AddPoint(point));
        Assert.False(timeline.AddPoint(point));
        Assert.True(timeline.AddHeartRate(new HeartRateSample(1000, 130)));
        Assert.False(timeline.AddHeartRate(new HeartRateSample(1000, 130)));
        Assert.True(timeline.AddLifecycle(LifecycleKind.Pause, 2000));
        Assert.False(timeline.AddLifecycle(LifecycleKind.Pause, 2000));
        Assert.Equal((1, 1), (timeline.PointCount, timeline.HeartRateCount));
    }

    [Fact]
    public void Conflicting_points_at_one_time_keep_the_same_survivor_whatever_the_arrival_order()
    {
        var a = new TrackSample(1000, 45.0001, -73, null, null);
        var b = new TrackSample(1000, 45.0002, -73, null, null);
        var first = new ActivityTimeline("x");
        first.AddPoint(a);
        first.AddPoint(b);
        var second = new ActivityTimeline("x");
        second.AddPoint(b);
        second.AddPoint(a);

        Assert.Equal(first.Points, second.Points);
    }

    [Theory]
    [InlineData(new[] { "pause" }, ActivityStatus.Paused)]
    [InlineData(new[] { "pause", "resume" }, ActivityStatus.Active)]
    [InlineData(new[] { "pause", "resume", "stop" }, ActivityStatus.Finished)]
    [InlineData(new string[0], ActivityStatus.Active)]
    public void Status_follows_the_lifecycle_in_event_time(string[] events, string status)
    {
        var timeline = new ActivityTimeline("a");
        // Delivered newest first: status depends on event time, not arrival.
        for (var i = events.Length - 1; i >= 0; i--)
        {
            timeline.AddLifecycle(Enum.Parse<LifecycleKind>(events[i], ignoreCase: true), 1000 * (i + 1));
        }

        Assert.Equal(status, timeline.Status);
    }

    [Fact]
    public void Points_inside_an_explicit_pause_add_neither_distance_nor_moving_time()
    {
        var withPause = new ActivityTimeline("a");
        var without = new ActivityTimeline("b");
        double lat = 45, lon = -73;
        for (var s = 0; s < 600; s++)
        {
            (lat, lon, _) = Geodesic.Direct(lat, lon, 90, 3);
            var p = new TrackSample(GeneratedActivity.StartMs + s * 1000L, lat, lon, null, 3);
            withPause.AddPoint(p);
            without.AddPoint(p);
        }
        withPause.AddLifecycle(LifecycleKind.Pause, GeneratedActivity.StartMs + 200_000);
        withPause.AddLifecycle(LifecycleKind.Resume, GeneratedActivity.StartMs + 300_000);

        var paused = withPause.Summarize();
        var full = without.Summarize();

        Assert.InRange(full.DistanceM - paused.DistanceM, 280, 320);
        Assert.InRange(full.MovingTimeS - paused.MovingTimeS, 95, 105);
    }

    private static string Canonical(ActivityMetrics metrics) => JsonSerializer.Serialize(metrics);
}
