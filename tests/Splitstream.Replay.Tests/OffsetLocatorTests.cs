using Splitstream.Schemas;

namespace Splitstream.Replay.Tests;

/// <summary>
/// The embedded cluster answers OffsetsForTimes with -1, so start offsets of a time range are found by reading; they
/// must be exactly what a brute-force scan of every record finds (the first offset whose timestamp is at or after the
/// time, the end offset when there is none).
/// </summary>
public sealed class OffsetLocatorTests(ReplayFixture fixture, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<ReplayFixture>, IDisposable
{
    private const long T0 = 1_763_625_600_000;
    private readonly TestTopics topics = new(fixture.Platform);

    [Fact]
    public async Task Offsets_found_by_reading_match_a_brute_force_scan()
    {
        // Partitions of 0, 3 (scanned), 400 and 1,500 records; timestamps rise with gaps and runs of equal values.
        var topic = topics.Create(Topics.Gps, partitions: 4);
        int[] sizes = [0, 3, 400, 1500];
        var random = new Random(7);
        for (var p = 0; p < sizes.Length; p++)
        {
            var t = T0 + p * 10_000;
            var sends = new List<Task>();
            for (var i = 0; i < sizes[p]; i++)
            {
                t += random.Next(4) == 0 ? 0 : random.Next(1, 2_000);
                sends.Add(topics.ProduceRawAsync(topic, "k", [0], t, partition: p));
            }
            await Task.WhenAll(sends);
        }
        var all = topics.ReadAll(topic);
        var ordered = all.GroupBy(r => r.Partition.Value).ToDictionary(g => g.Key, g => g.OrderBy(r => r.Offset.Value).ToList());
        var timestamps = all.Select(r => r.Message.Timestamp.UnixTimestampMs).Distinct().Order().ToList();
        // Before everything, after everything, exact record timestamps, and times between records.
        var targets = new List<long> { T0 - 1, timestamps[^1] + 1, timestamps[0] };
        targets.AddRange(Enumerable.Range(0, 25).Select(_ => timestamps[random.Next(timestamps.Count)]));
        targets.AddRange(Enumerable.Range(0, 15).Select(_ => timestamps[random.Next(timestamps.Count)] + 1));
        var locator = new OffsetLocator(fixture.Connection);
        var reads = new List<PartitionOffset>();

        foreach (var target in targets)
        {
            var found = locator.Locate(topic, [0, 1, 2, 3], target);
            reads.AddRange(found);

            foreach (var p in found)
            {
                var records = ordered.GetValueOrDefault(p.Partition) ?? [];
                var expected = records.FirstOrDefault(r => r.Message.Timestamp.UnixTimestampMs >= target)?.Offset.Value ?? records.Count;
                Assert.True(expected == p.Offset, $"partition {p.Partition}, time {target}: found {p.Offset} by {p.Method}, the scan says {expected}");
            }
            Assert.Equal(LocateMethod.Empty, found[0].Method);
            Assert.Equal(LocateMethod.Scan, found[1].Method);
            // The large partitions were searched, not scanned (unless the time is past their end, which one read shows).
            Assert.All(found.Skip(2), p => Assert.Contains(p.Method, new[] { LocateMethod.BinarySearch, LocateMethod.OffsetsForTimes }));
            Assert.All(found.Skip(2).Where(p => p.Method == LocateMethod.BinarySearch), p => Assert.InRange(p.RecordsRead, 1, 2 + (int)Math.Ceiling(Math.Log2(sizes[p.Partition])) + locator.DisorderMargin));
        }
        foreach (var partition in reads.GroupBy(r => r.Partition))
        {
            output.WriteLine($"partition {partition.Key} ({sizes[partition.Key]} records): " + string.Join(", ", partition.GroupBy(p => p.Method)
                .Select(m => $"{m.Key} x{m.Count()}, {m.Average(p => p.RecordsRead):0.#} records read on average")));
        }
    }

    [Fact]
    public async Task Timestamps_out_of_order_by_clock_skew_are_still_found_exactly()
    {
        // 2,000 records 1 s apart with up to ±5 s of skew: a record may carry a later time than the next few.
        var topic = topics.Create(Topics.Gps, partitions: 1);
        var random = new Random(11);
        var stamps = Enumerable.Range(0, 2000).Select(i => T0 + i * 1000L + random.Next(-5000, 5000)).ToList();
        await Task.WhenAll(stamps.Select(t => topics.ProduceRawAsync(topic, "k", [0], t, partition: 0)).ToList());
        var locator = new OffsetLocator(fixture.Connection);

        foreach (var target in Enumerable.Range(0, 30).Select(_ => T0 + random.Next(2000) * 1000L + random.Next(1000)))
        {
            var found = Assert.Single(locator.Locate(topic, [0], target));

            var expected = stamps.FindIndex(t => t >= target);
            Assert.True((expected < 0 ? stamps.Count : expected) == found.Offset, $"time {target}: found {found.Offset} by {found.Method}, the scan says {expected}");
        }
    }

    public void Dispose() => topics.Dispose();
}
