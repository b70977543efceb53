using System.Text.Json;
using Splitstream.Simulator;

namespace Splitstream.Simulator.Tests;

public sealed class BatchPlannerTests
{
    private static readonly Scenario Misbehaving = ScenarioBuilder.Build(
        Tweak(TestOptions.Create(racers: 4, devices: 4, minutes: 15), dup: 0.15, ooo: 0.15), TestOptions.Start.ToUnixTimeMilliseconds());

    private static readonly Scenario WellBehaved = ScenarioBuilder.Build(
        Tweak(TestOptions.Create(racers: 2, devices: 2), dup: 0, ooo: 0, offline: 0), TestOptions.Start.ToUnixTimeMilliseconds());

    public static TheoryData<int> Activities() => [.. Enumerable.Range(0, 8)];

    [Theory]
    [MemberData(nameof(Activities))]
    public void Every_reading_is_sent_exactly_once_outside_duplicates(int index)
    {
        var plan = Misbehaving.Activities[index];
        var sent = plan.Sends.Where(s => s.Kind == SendKind.Samples && !s.Duplicate).SelectMany(s => SampleBodies.Parse(s.Body)).ToList();
        var recorded = plan.Track.Gps.Concat(plan.Track.HeartRate).ToList();
        Assert.Equal(recorded.Count, sent.Count);
        Assert.Equal(recorded.OrderBy(r => r.TimeMs).ThenBy(r => r.IsGps), sent.OrderBy(r => r.TimeMs).ThenBy(r => r.IsGps));
        Assert.All(plan.Sends.Where(s => s.Kind == SendKind.Samples), s => Assert.InRange(s.Samples, 1, BatchPlanner.MaxSamplesPerBatch));
        Assert.All(plan.Sends.Where(s => s.Kind == SendKind.Samples),
            s => Assert.Equal((s.GpsSamples, s.HrSamples), (SampleBodies.Parse(s.Body).Count(x => x.IsGps), SampleBodies.Parse(s.Body).Count(x => !x.IsGps))));
    }

    [Theory]
    [MemberData(nameof(Activities))]
    public void Duplicates_repeat_the_batch_before_them_byte_for_byte(int index)
    {
        var sends = Misbehaving.Activities[index].Sends;
        for (var i = 0; i < sends.Count; i++)
        {
            if (sends[i].Duplicate)
            {
                Assert.Equal(sends[i - 1].Body, sends[i].Body);
                Assert.Equal(sends[i - 1].Path, sends[i].Path);
            }
        }
        Assert.Equal(sends.Select(s => s.DueMs).Order(), sends.Select(s => s.DueMs));
    }

    [Fact]
    public void Misbehaviour_happens_at_the_configured_rates()
    {
        var batches = Misbehaving.Activities.SelectMany(a => a.Sends).Where(s => s.Kind == SendKind.Samples).ToList();
        var duplicates = batches.Count(s => s.Duplicate);
        var outOfOrder = batches.Count(s => s.OutOfOrder);
        // ~1,200 batches at 15%: the binomial standard deviation is ~12.
        Assert.InRange(duplicates / (double)batches.Count, 0.09, 0.16);
        Assert.InRange(outOfOrder / (double)batches.Count, 0.09, 0.16);
        Assert.DoesNotContain(WellBehaved.Activities.SelectMany(a => a.Sends), s => s.Duplicate || s.OutOfOrder || s.LateBurst);
    }

    [Theory]
    [MemberData(nameof(Activities))]
    public void Out_of_order_batches_arrive_after_a_later_batch(int index)
    {
        var batches = Misbehaving.Activities[index].Sends.Where(s => s.Kind == SendKind.Samples).ToList();
        for (var i = 1; i < batches.Count; i++)
        {
            if (batches[i].OutOfOrder)
            {
                var held = SampleBodies.Parse(batches[i].Body);
                var overtaking = SampleBodies.Parse(batches[i - 1].Body);
                Assert.True(held.Max(s => s.TimeMs) < overtaking.Min(s => s.TimeMs), "the held batch is older than the one sent before it");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Activities))]
    public void The_offline_stretch_goes_up_in_one_late_burst(int index)
    {
        var plan = Misbehaving.Activities[index];
        var offline = plan.Track.Offline!.Value;
        var bursts = plan.Sends.Where(s => s.LateBurst).ToList();
        var burst = Assert.Single(bursts);
        Assert.InRange(burst.DueMs, offline.EndMs, offline.EndMs + 10_000);
        Assert.DoesNotContain(plan.Sends, s => offline.Contains(s.DueMs));
        var samples = SampleBodies.Parse(burst.Body);
        // Everything recorded while offline is in it, and it covers the whole stretch.
        var recordedOffline = plan.Track.Gps.Concat(plan.Track.HeartRate).Count(s => s.TimeMs > offline.StartMs + 5000 && s.TimeMs < offline.EndMs - 5000);
        Assert.True(samples.Count >= recordedOffline, $"burst of {samples.Count} holds the {recordedOffline} readings of the stretch");
        Assert.True(samples.Max(s => s.TimeMs) - samples.Min(s => s.TimeMs) >= (offline.EndMs - offline.StartMs) - 10_000);
        // And it is late: its oldest reading is from well before it is sent.
        Assert.True(burst.DueMs - samples.Min(s => s.TimeMs) >= (offline.EndMs - offline.StartMs) - 5000);
    }

    [Theory]
    [MemberData(nameof(Activities))]
    public void Events_frame_the_samples(int index)
    {
        var plan = Misbehaving.Activities[index];
        var sends = plan.Sends;
        Assert.Equal(SendKind.Start, sends[0].Kind);
        Assert.Single(sends, s => s.Kind == SendKind.Start);
        Assert.Equal("stop", sends[^1].EventType);
        var pause = plan.Track.Pause!.Value;
        var pauseAt = sends.ToList().FindIndex(s => s.EventType == "pause");
        var resumeAt = sends.ToList().FindIndex(s => s.EventType == "resume");
        Assert.True(pauseAt > 0 && resumeAt > pauseAt);
        // Nothing recorded after the resume is sent before it.
        Assert.All(sends.Take(resumeAt).Where(s => s.Kind == SendKind.Samples),
            s => Assert.All(SampleBodies.Parse(s.Body), x => Assert.True(x.TimeMs < pause.EndMs)));

        using var start = JsonDocument.Parse(sends[0].Body);
        Assert.Equal(plan.Spec.ActivityId.ToString(), start.RootElement.GetProperty("activity_id").GetString());
        Assert.Equal(WireJson.Rfc3339(plan.Spec.StartMs), start.RootElement.GetProperty("started_at").GetString());
        Assert.Equal(plan.Spec.RaceId, start.RootElement.TryGetProperty("race_id", out var race) ? race.GetString() : null);
        using var stop = JsonDocument.Parse(sends[^1].Body);
        Assert.Equal(WireJson.Rfc3339(plan.Track.EndMs), stop.RootElement.GetProperty("at").GetString());
    }

    [Fact]
    public void Well_behaved_batches_cover_consecutive_intervals_in_order()
    {
        foreach (var plan in WellBehaved.Activities)
        {
            var batches = plan.Sends.Where(s => s.Kind == SendKind.Samples).Select(s => (s.DueMs, Samples: SampleBodies.Parse(s.Body))).ToList();
            for (var i = 1; i < batches.Count; i++)
            {
                Assert.True(batches[i].Samples.Min(s => s.TimeMs) > batches[i - 1].Samples.Max(s => s.TimeMs));
                Assert.All(batches[i].Samples, s => Assert.InRange(s.TimeMs, batches[i].DueMs - 5000, batches[i].DueMs));
            }
        }
    }

    private static SimulatorOptions Tweak(SimulatorOptions options, double dup, double ooo, double? offline = null)
    {
        options.DuplicateProbability = dup;
        options.OutOfOrderProbability = ooo;
        options.OfflineProbability = offline ?? options.OfflineProbability;
        return options;
    }
}
