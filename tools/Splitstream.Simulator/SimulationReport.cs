using System.Text.Json;
using System.Text.Json.Serialization;

namespace Splitstream.Simulator;

/// <summary>The JSON report of <c>--report</c>: enough for a test or a benchmark to check the pipeline against the truth.</summary>
public sealed record SimulationReport(
    int Seed,
    string IngestUrl,
    string Mode,
    string StartedAt,
    double NoiseSigmaM,
    IReadOnlyList<ActivityReport> Activities,
    IReadOnlyList<RaceReport> Races,
    ReportTotals Totals)
{
    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static SimulationReport Build(Scenario scenario, IReadOnlyList<ActivityCounters> counters, SimulatorOptions options, string ingestUrl)
    {
        var activities = scenario.Activities.Select((plan, i) => ActivityOf(plan, counters[i])).ToList();
        var races = new List<RaceReport>();
        if (scenario.RaceId is { } raceId)
        {
            var racers = scenario.Racers.ToList();
            var raceStart = racers.Min(r => r.Spec.StartMs);
            var ranking = GroundTruth.RaceRanking(racers)
                .Select((r, i) => new RaceStanding(
                    i + 1, r.Spec.ActivityId.ToString(), r.Spec.UserId, GroundTruth.FinishedRace(r),
                    GroundTruth.FinishedRace(r) ? (r.Track.FinishMs - r.Spec.StartMs) / 1000.0 : null, Math.Round(r.TrueDistanceM, 2))
                {
                    CourseDistanceM = Math.Round(GroundTruth.CourseDistanceM(r), 2),
                    Behaviour = r.Spec.Behaviour.ToString(),
                    DeviationAtM = Math.Round(r.Spec.DeviationAtM, 2),
                    DeviationM = Math.Round(r.Spec.DeviationM, 2),
                })
                .ToList();
            races.Add(new RaceReport(raceId, scenario.RaceDistanceM ?? 0, WireJson.Rfc3339(raceStart), ranking));
        }
        var totals = new ReportTotals(
            activities.Count,
            activities.Sum(a => (long)a.GpsSamples),
            activities.Sum(a => (long)a.HrSamples),
            activities.Sum(a => a.SamplesSent),
            activities.Sum(a => a.Batches),
            activities.Sum(a => a.DuplicateBatches),
            activities.Sum(a => a.OutOfOrderBatches),
            activities.Sum(a => a.LateBurstBatches),
            activities.Sum(a => a.Events),
            activities.Sum(a => a.Accepted),
            activities.Sum(a => a.RejectedRequests),
            activities.Sum(a => a.FailedRequests),
            activities.Sum(a => a.Retries),
            Math.Round(activities.Sum(a => a.TrueDistanceM), 2));
        var mode = options.AsFastAsPossible ? "as-fast-as-possible" : options.Realtime ? "real-time" : $"speedup {options.Speedup}";
        return new SimulationReport(options.Seed, ingestUrl, mode, WireJson.Rfc3339(scenario.StartMs), options.NoiseSigmaM, activities, races, totals);
    }

    private static ActivityReport ActivityOf(ActivityPlan plan, ActivityCounters c) => new(
        plan.Spec.ActivityId.ToString(),
        plan.Spec.UserId,
        Geo.SportParser.ToWireName(plan.Spec.Sport),
        plan.Spec.RaceId,
        WireJson.Rfc3339(plan.Spec.StartMs),
        WireJson.Rfc3339(plan.Track.EndMs),
        Math.Round(plan.TrueDistanceM, 2),
        plan.TrueMovingTimeS,
        plan.Spec.RaceId is not null && GroundTruth.FinishedRace(plan),
        plan.Track.Gps.Count,
        plan.Track.HeartRate.Count,
        c.SamplesSent,
        c.Batches,
        c.DuplicateBatches,
        c.DuplicateSamples,
        c.OutOfOrderBatches,
        c.LateBurstBatches,
        c.LateBurstSamples,
        c.Events,
        c.Accepted,
        c.RejectedRequests,
        c.RejectedSamples,
        c.FailedRequests,
        c.Retries);

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);
}
