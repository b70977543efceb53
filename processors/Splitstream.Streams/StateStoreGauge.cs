using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Splitstream.Schemas;

namespace Splitstream.Streams;

/// <summary>
/// <c>splitstream.streams.state_store.entries</c>: entries per state store of the running runtimes of this process, by
/// topology (<c>application</c>) and <c>store</c> name, never by key. Instances of one application in one process
/// (tests) are summed, as their tasks split the partitions. Values are the runtimes' snapshots taken at each commit.
/// </summary>
internal static class StateStoreGauge
{
    private static readonly ConcurrentDictionary<StreamsMetrics, string> Running = new();

    internal static readonly ObservableGauge<long> Instrument = SplitstreamTelemetry.Meter.CreateObservableGauge(
        "splitstream.streams.state_store.entries", Observe, "{entry}",
        "Entries in each state store (summed over this process's tasks), by topology application id and store");

    public static void Track(string applicationId, StreamsMetrics metrics) => Running[metrics] = applicationId;

    public static void Untrack(StreamsMetrics metrics) => Running.TryRemove(metrics, out _);

    private static IEnumerable<Measurement<long>> Observe() =>
        Running.SelectMany(r => r.Key.StoreEntries.Select(e => (Application: r.Value, Store: e.Key, Entries: e.Value)))
            .GroupBy(m => (m.Application, m.Store))
            .Select(g => new Measurement<long>(g.Sum(m => m.Entries),
                new KeyValuePair<string, object?>("application", g.Key.Application), new KeyValuePair<string, object?>("store", g.Key.Store)));
}
