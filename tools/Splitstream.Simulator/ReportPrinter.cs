using System.Globalization;

namespace Splitstream.Simulator;

/// <summary>Human-readable output: the compact progress line and the final per-activity table with totals and the race ranking.</summary>
public static class ReportPrinter
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string ProgressLine(Scenario scenario, IReadOnlyList<ActivityCounters> counters, TimeSpan elapsed)
    {
        var active = counters.Count(c => c.Started && !c.Finished);
        var done = counters.Count(c => c.Finished);
        return string.Format(Invariant,
            "[sim {0:hh\\:mm\\:ss}] devices {1} active, {2}/{3} done | samples {4:N0} in {5:N0} batches (dup {6}, ooo {7}, burst {8}) | accepted {9:N0} | rejected {10} | failed {11} | retries {12}",
            elapsed, active, done, counters.Count, counters.Sum(c => c.SamplesSent), counters.Sum(c => c.Batches),
            counters.Sum(c => c.DuplicateBatches), counters.Sum(c => c.OutOfOrderBatches), counters.Sum(c => c.LateBurstBatches),
            counters.Sum(c => c.Accepted), counters.Sum(c => c.RejectedRequests), counters.Sum(c => c.FailedRequests),
            counters.Sum(c => c.Retries));
    }

    public static void PrintSummary(SimulationReport report, TextWriter output)
    {
        output.WriteLine($"simulation against {report.IngestUrl} ({report.Mode}, seed {report.Seed}, noise σ {report.NoiseSigmaM} m, clock start {report.StartedAt})");
        output.WriteLine(string.Format(Invariant, "{0,-36} {1,-14} {2,-5} {3,10} {4,6} {5,5} {6,7} {7,4} {8,4} {9,5} {10,8} {11,5} {12,5}",
            "activity", "user", "sport", "true m", "gps", "hr", "batches", "dup", "ooo", "burst", "accepted", "rej", "fail"));
        foreach (var a in report.Activities)
        {
            output.WriteLine(string.Format(Invariant, "{0,-36} {1,-14} {2,-5} {3,10:F1} {4,6} {5,5} {6,7} {7,4} {8,4} {9,5} {10,8} {11,5} {12,5}",
                a.ActivityId, a.UserId, a.Sport, a.TrueDistanceM, a.GpsSamples, a.HrSamples, a.Batches, a.DuplicateBatches,
                a.OutOfOrderBatches, a.LateBurstBatches, a.Accepted, a.RejectedRequests, a.FailedRequests));
        }
        var t = report.Totals;
        output.WriteLine(string.Format(Invariant,
            "totals: {0} activities, {1:N0} GPS + {2:N0} HR samples ({3:N0} sent with duplicates) in {4:N0} batches; duplicates {5}, out of order {6}, late bursts {7}; events {8}; accepted {9:N0}; rejected {10}; failed {11}; retries {12}; true distance {13:F1} m",
            t.Activities, t.GpsSamples, t.HrSamples, t.SamplesSent, t.Batches, t.DuplicateBatches, t.OutOfOrderBatches,
            t.LateBurstBatches, t.Events, t.Accepted, t.RejectedRequests, t.FailedRequests, t.Retries, t.TrueDistanceM));
        foreach (var race in report.Races)
        {
            output.WriteLine($"race {race.RaceId} ({race.CourseLengthM:F0} m, start {race.StartedAt}), true ranking:");
            foreach (var s in race.Ranking)
            {
                var result = s.Finished ? TimeSpan.FromSeconds(s.FinishTimeS!.Value).ToString(@"h\:mm\:ss\.f", Invariant) : $"DNF {s.TrueDistanceM:F0} m";
                output.WriteLine(string.Format(Invariant, "  {0,3}. {1,-14} {2,-12} {3}", s.Rank, s.UserId, result, s.ActivityId));
            }
        }
    }
}
