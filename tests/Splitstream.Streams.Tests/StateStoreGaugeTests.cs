using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Splitstream.Schemas;
using Splitstream.Streams.Demo;

namespace Splitstream.Streams.Tests;

/// <summary>
/// The state-store size gauge (issue 15 §4) of a runtime on the embedded cluster: the count store holds one entry per
/// activity seen, so the gauge must follow the number of distinct activities produced, labelled by application and
/// store only, and disappear when the runtime stops.
/// </summary>
public sealed class StateStoreGaugeTests(StreamsPlatformFixture fixture) : IClassFixture<StreamsPlatformFixture>
{
    [Fact]
    public async Task The_entries_gauge_follows_the_count_store_as_activities_arrive_and_goes_when_the_runtime_stops()
    {
        using var run = await SampleCountRun.CreateAsync(fixture.Platform);
        var observed = new ConcurrentDictionary<string, long>();
        var tagKeys = new ConcurrentBag<string>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == SplitstreamTelemetry.Name && instrument.Name == "splitstream.streams.state_store.entries")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var byKey = new Dictionary<string, object?>();
            foreach (var tag in tags)
            {
                byKey[tag.Key] = tag.Value;
                tagKeys.Add(tag.Key);
            }
            if (Equals(byKey["application"], run.ApplicationId))
            {
                observed[(string)byKey["store"]!] = value;
            }
        });
        listener.Start();
        long CountStoreEntries()
        {
            observed.Clear();
            listener.RecordObservableInstruments();
            return observed.GetValueOrDefault(SampleCountTopology.CountStore, -1);
        }

        await run.ProduceBatchAsync(activities: 4, 0);
        await using var instance = run.NewInstance("gauge");
        Assert.Equal(-1, CountStoreEntries());
        await instance.StartAsync();
        await Eventually.TrueAsync(() => CountStoreEntries() == 4, "the gauge shows the 4 activities' counts");

        await run.ProduceBatchAsync(activities: 12, 1);
        Assert.Equal(12, run.ExpectedCounts().Count);
        await Eventually.TrueAsync(() => CountStoreEntries() == 12, "the gauge grows to the 12 activities' counts");
        Assert.Equal(12, instance.Metrics.StoreEntries[SampleCountTopology.CountStore]);
        Assert.Equal(["application", "store"], tagKeys.Distinct().Order());

        await instance.StopAsync();
        Assert.Equal(-1, CountStoreEntries());
    }
}
