using Splitstream.Schemas.V1;

namespace Splitstream.Bench.E2E;

/// <summary>
/// The batches of one stage: activity k's j-th batch holds samples j*B .. j*B+B-1 of a steady 3 m/s run at 1 Hz, so every
/// point passes validation and the outlier filter, and batch n of the stage goes to activity n mod A.
/// </summary>
public sealed class BenchWorkload(IReadOnlyList<string> activityIds, int batchSize, long startMs)
{
    public IReadOnlyList<string> ActivityIds { get; } = activityIds;

    public long StartMs { get; } = startMs;

    public string ActivityOf(long batch) => ActivityIds[(int)(batch % ActivityIds.Count)];

    /// <summary>The last sample time of a batch: summaries and stored points are matched against it.</summary>
    public long LastSampleMs(long batch) => StartMs + ((batch / ActivityIds.Count + 1) * batchSize - 1) * 1000L;

    public GpsBatch Batch(long batch)
    {
        var gps = new GpsBatch { ActivityId = ActivityOf(batch), UserId = "bench" };
        var first = batch / ActivityIds.Count * batchSize;
        for (var i = 0L; i < batchSize; i++)
        {
            var second = first + i;
            gps.Samples.Add(new GpsSample
            {
                TimeMs = StartMs + second * 1000L,
                Lat = 45.5 + second * 2.7e-5,
                Lon = -73.6,
                Ele = 35 + second % 7,
                Acc = 4.5,
            });
        }
        return gps;
    }
}
