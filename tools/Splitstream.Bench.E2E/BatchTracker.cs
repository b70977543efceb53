using System.Diagnostics;

namespace Splitstream.Bench.E2E;

/// <summary>
/// When each batch of a stage was acknowledged (202), and when it was first seen downstream: a batch is covered once
/// a downstream position of its activity (newest stored point, a summary's last_sample_ms) reaches its last sample.
/// Per activity the batches are in sample order, so matching walks one cursor per activity.
/// </summary>
public sealed class BatchTracker(BenchWorkload workload, long batches)
{
    private readonly BenchWorkload workload = workload;
    private readonly long[] acceptedTicks = Enumerable.Repeat(-1L, (int)batches).ToArray();
    private readonly object gate = new();
    private readonly Dictionary<string, int> index = workload.ActivityIds.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i);

    public long Batches => batches;

    public void Accepted(long batch, long ticks) => Volatile.Write(ref acceptedTicks[batch], ticks);

    /// <summary>A cursor over the batches for one downstream stage (stored points, summaries).</summary>
    public Coverage NewCoverage() => new(this);

    public sealed class Coverage(BatchTracker tracker)
    {
        private readonly long[] next = new long[tracker.index.Count];
        private readonly List<double> delays = [];
        private long covered;

        public long Covered => Interlocked.Read(ref covered);

        public long FirstCoveredTicks { get; private set; } = -1;

        public long LastCoveredTicks { get; private set; }

        public IReadOnlyList<double> Delays
        {
            get
            {
                lock (tracker.gate)
                {
                    return delays.ToList();
                }
            }
        }

        /// <summary>The activity's downstream position reached <paramref name="lastSampleMs"/> at <paramref name="ticks"/>.</summary>
        public void Reached(string activityId, long lastSampleMs, long ticks)
        {
            if (!tracker.index.TryGetValue(activityId, out var k))
            {
                return;
            }
            var activities = tracker.index.Count;
            lock (tracker.gate)
            {
                while (true)
                {
                    var batch = k + next[k] * activities;
                    if (batch >= tracker.Batches || tracker.workload.LastSampleMs(batch) > lastSampleMs)
                    {
                        return;
                    }
                    var accepted = Volatile.Read(ref tracker.acceptedTicks[batch]);
                    if (accepted < 0)
                    {
                        return;
                    }
                    delays.Add(Math.Max(0, ticks - accepted) / (double)Stopwatch.Frequency);
                    next[k]++;
                    covered++;
                    LastCoveredTicks = ticks;
                    if (FirstCoveredTicks < 0)
                    {
                        FirstCoveredTicks = ticks;
                    }
                }
            }
        }
    }
}
