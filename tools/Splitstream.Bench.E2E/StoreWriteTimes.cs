using System.Globalization;
using Splitstream.Processors.Sinks;
using Splitstream.Store;

namespace Splitstream.Bench.E2E;

/// <summary>
/// Where the sinks' threads spent a stage (wall-clock seconds per phase, summed over the instances' sinks of the same
/// name) and how long each SQLite file's write gate (main, points) was held and waited for: tells a store that is the
/// limit from a sink that waits for input. Taken as a difference of two snapshots.
/// </summary>
public sealed record StoreWriteTimes(
    IReadOnlyDictionary<string, (double ConsumeWait, double Decode, double Write, double Commit, long Batches)> Sinks,
    IReadOnlyDictionary<string, (double Held, double Wait, long Entries)> Gates)
{
    public static StoreWriteTimes Snapshot(IEnumerable<BatchingSink> sinks, IReadOnlyDictionary<string, SqliteWriteGate> gates) => new(
        sinks.GroupBy(s => s.Name).ToDictionary(g => g.Key, g => (
            g.Sum(s => s.Phases.ConsumeWaitTime.TotalSeconds), g.Sum(s => s.Phases.DecodeTime.TotalSeconds),
            g.Sum(s => s.Phases.WriteTime.TotalSeconds), g.Sum(s => s.Phases.CommitTime.TotalSeconds), g.Sum(s => s.Phases.Batches))),
        gates.ToDictionary(g => g.Key, g => (g.Value.HeldTime.TotalSeconds, g.Value.WaitTime.TotalSeconds, g.Value.Entries)));

    public StoreWriteTimes Since(StoreWriteTimes before) => new(
        Sinks.ToDictionary(s => s.Key, s => before.Sinks.TryGetValue(s.Key, out var b)
            ? (s.Value.ConsumeWait - b.ConsumeWait, s.Value.Decode - b.Decode, s.Value.Write - b.Write, s.Value.Commit - b.Commit, s.Value.Batches - b.Batches)
            : s.Value),
        Gates.ToDictionary(g => g.Key, g => before.Gates.TryGetValue(g.Key, out var h)
            ? (g.Value.Held - h.Held, g.Value.Wait - h.Wait, g.Value.Entries - h.Entries)
            : g.Value));

    /// <summary>The point and activity sinks (the store's heavy writers) and the gates, as one line.</summary>
    public override string ToString()
    {
        var parts = Sinks.Where(s => s.Value.Batches > 0 || s.Value.Decode > 0).OrderBy(s => s.Key, StringComparer.Ordinal)
            .Select(s => string.Create(CultureInfo.InvariantCulture,
                $"{s.Key}: consume wait {s.Value.ConsumeWait:0.0} s, decode {s.Value.Decode:0.0} s, write {s.Value.Write:0.0} s in {s.Value.Batches} batches, commit {s.Value.Commit:0.0} s"))
            .ToList();
        parts.AddRange(Gates.OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => string.Create(CultureInfo.InvariantCulture,
            $"SQLite {g.Key} file's write gate held {g.Value.Held:0.0} s, waited for {g.Value.Wait:0.0} s (summed over writers), {g.Value.Entries} write transactions")));
        return string.Join("; ", parts);
    }
}
