using System.Globalization;
using Splitstream.Processors.Sinks;
using Splitstream.Store;

namespace Splitstream.Bench.E2E;

/// <summary>
/// Where the sinks' threads spent a stage (wall-clock seconds per phase, summed over the instances' sinks of the same
/// name) and how long the SQLite file's write gate was held and waited for: tells a store that is the limit from a
/// sink that waits for input. Taken as a difference of two snapshots.
/// </summary>
public sealed record StoreWriteTimes(
    IReadOnlyDictionary<string, (double ConsumeWait, double Decode, double Write, double Commit, long Batches)> Sinks,
    (double Held, double Wait, long Entries)? Gate)
{
    public static StoreWriteTimes Snapshot(IEnumerable<BatchingSink> sinks, SqliteWriteGate? gate) => new(
        sinks.GroupBy(s => s.Name).ToDictionary(g => g.Key, g => (
            g.Sum(s => s.Phases.ConsumeWaitTime.TotalSeconds), g.Sum(s => s.Phases.DecodeTime.TotalSeconds),
            g.Sum(s => s.Phases.WriteTime.TotalSeconds), g.Sum(s => s.Phases.CommitTime.TotalSeconds), g.Sum(s => s.Phases.Batches))),
        gate is null ? null : (gate.HeldTime.TotalSeconds, gate.WaitTime.TotalSeconds, gate.Entries));

    public StoreWriteTimes Since(StoreWriteTimes before) => new(
        Sinks.ToDictionary(s => s.Key, s => before.Sinks.TryGetValue(s.Key, out var b)
            ? (s.Value.ConsumeWait - b.ConsumeWait, s.Value.Decode - b.Decode, s.Value.Write - b.Write, s.Value.Commit - b.Commit, s.Value.Batches - b.Batches)
            : s.Value),
        Gate is { } g && before.Gate is { } h ? (g.Held - h.Held, g.Wait - h.Wait, g.Entries - h.Entries) : Gate);

    /// <summary>The point and activity sinks (the store's heavy writers) and the gate, as one line.</summary>
    public override string ToString()
    {
        var parts = Sinks.Where(s => s.Value.Batches > 0 || s.Value.Decode > 0).OrderBy(s => s.Key, StringComparer.Ordinal)
            .Select(s => string.Create(CultureInfo.InvariantCulture,
                $"{s.Key}: consume wait {s.Value.ConsumeWait:0.0} s, decode {s.Value.Decode:0.0} s, write {s.Value.Write:0.0} s in {s.Value.Batches} batches, commit {s.Value.Commit:0.0} s"))
            .ToList();
        if (Gate is { } g)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"SQLite write gate held {g.Held:0.0} s, waited for {g.Wait:0.0} s (summed over writers), {g.Entries} write transactions"));
        }
        return string.Join("; ", parts);
    }
}
