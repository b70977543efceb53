using System.Text;
using Splitstream.Simulator;

namespace Splitstream.Simulator.Tests;

/// <summary>Whole runs against the fake gateway on real Kestrel.</summary>
public sealed class SimulationRunnerTests : IAsyncLifetime
{
    private FakeGateway gateway = null!;

    public async Task InitializeAsync() => gateway = await FakeGateway.StartAsync();

    public async Task DisposeAsync() => await gateway.DisposeAsync();

    [Fact]
    public async Task Every_planned_request_arrives_with_its_own_device_token_and_the_report_adds_up()
    {
        var options = TestOptions.Create(racers: 3, devices: 2);
        var (scenario, report, output) = await RunAsync(options);

        var received = gateway.Requests;
        Assert.Equal(scenario.Activities.Sum(a => a.Sends.Count), received.Count);
        Assert.All(received, r => Assert.InRange(r.Status, 200, 299));
        foreach (var plan in scenario.Activities)
        {
            var id = plan.Spec.ActivityId.ToString();
            var mine = received.Where(r => r.Path.Contains(id, StringComparison.Ordinal) || r.Body.Contains(id, StringComparison.Ordinal)).ToList();
            // Per device the requests arrive in script order (a device sends one at a time).
            Assert.Equal(plan.Sends.Select(s => (s.Path, s.Body)), mine.Select(r => (r.Path, r.Body)));
            Assert.All(mine, r => Assert.Equal((plan.Spec.UserId, "device"), (r.UserId, r.Role)));

            var a = report.Activities.Single(x => x.ActivityId == id);
            var samples = plan.Sends.Where(s => s.Kind == SendKind.Samples).ToList();
            Assert.Equal(samples.Count, a.Batches);
            Assert.Equal(samples.Sum(s => s.Samples), a.SamplesSent);
            Assert.Equal(a.SamplesSent, a.Accepted);
            Assert.Equal(plan.Track.Gps.Count + plan.Track.HeartRate.Count + a.DuplicateSamples, a.SamplesSent);
            Assert.Equal(samples.Count(s => s.Duplicate), a.DuplicateBatches);
            Assert.Equal(samples.Count(s => s.OutOfOrder), a.OutOfOrderBatches);
            Assert.Equal(1, a.LateBurstBatches);
            Assert.Equal(3, a.Events); // pause, resume, stop
            Assert.Equal(Math.Round(plan.TrueDistanceM, 2), a.TrueDistanceM);
            Assert.Equal((0, 0, 0), (a.RejectedRequests, a.FailedRequests, a.Retries));
        }
        Assert.Equal(report.Activities.Sum(a => a.Accepted), report.Totals.Accepted);
        Assert.True(report.Totals.DuplicateBatches > 0 && report.Totals.OutOfOrderBatches > 0);
        var race = Assert.Single(report.Races);
        Assert.Equal(3, race.Ranking.Count);
        Assert.Equal([1, 2, 3], race.Ranking.Select(r => r.Rank));
        Assert.Equal(race.Ranking.Select(r => r.FinishTimeS).Order(), race.Ranking.Select(r => r.FinishTimeS));
        Assert.Contains("true ranking", output);
        Assert.Contains("totals: 5 activities", output);
    }

    [Fact]
    public async Task Arrival_order_shows_duplicates_out_of_order_batches_and_the_late_burst()
    {
        var (scenario, _, _) = await RunAsync(TestOptions.Create(racers: 2, devices: 2, minutes: 15));
        foreach (var plan in scenario.Activities)
        {
            var batches = gateway.Requests.Where(r => r.Path.EndsWith($"{plan.Spec.ActivityId}/samples", StringComparison.Ordinal)).ToList();
            var parsed = batches.Select(b => SampleBodies.Parse(b.Body)).ToList();
            // Duplicates: the same bytes received twice; every recorded reading received at least once.
            var distinctBodies = batches.Select(b => b.Body).Distinct().Count();
            Assert.Equal(plan.Sends.Count(s => s.Duplicate), batches.Count - distinctBodies);
            var times = parsed.SelectMany(p => p).Select(s => (s.TimeMs, s.IsGps)).ToHashSet();
            Assert.Equal(plan.Track.Gps.Count + plan.Track.HeartRate.Count, times.Count);
            // Out of order: some batch arrives holding only readings older than one received before it.
            var regressions = parsed.Zip(parsed.Skip(1)).Count(p => p.Second.Max(s => s.TimeMs) < p.First.Min(s => s.TimeMs));
            Assert.Equal(plan.Sends.Count(s => s.OutOfOrder), regressions);
            // The late burst: one request spanning the offline stretch.
            var offline = plan.Track.Offline!.Value;
            Assert.Contains(parsed, p => p.Max(s => s.TimeMs) - p.Min(s => s.TimeMs) >= offline.EndMs - offline.StartMs - 10_000);
        }
    }

    [Fact]
    public async Task Service_unavailable_and_too_many_requests_are_retried_with_the_same_bytes()
    {
        gateway.ScriptSampleAnswer(503, "1");
        gateway.ScriptSampleAnswer(429, "0");
        gateway.ScriptSampleAnswer(429);
        var options = TestOptions.Create(racers: 0, devices: 1, minutes: 2);
        options.MaxConcurrentRequests = 1;
        var (scenario, report, _) = await RunAsync(options);

        var batches = gateway.Requests.Where(r => r.Path.EndsWith("/samples", StringComparison.Ordinal)).ToList();
        Assert.Equal([503, 429, 429, 202], batches.Take(4).Select(b => b.Status));
        Assert.Single(batches.Take(4).Select(b => b.Body).Distinct());
        var a = Assert.Single(report.Activities);
        Assert.Equal((3, 0, 0), (a.Retries, a.RejectedRequests, a.FailedRequests));
        Assert.Equal(a.SamplesSent, a.Accepted);
        Assert.Equal(scenario.Activities[0].Sends.Count + 3, gateway.Requests.Count);
    }

    [Fact]
    public async Task A_refused_batch_is_counted_as_rejected_and_not_retried()
    {
        var options = TestOptions.Create(racers: 0, devices: 1, minutes: 2);
        var scenario = ScenarioBuilder.Build(options, TestOptions.Start.ToUnixTimeMilliseconds());
        var victim = scenario.Activities[0].Sends.First(s => s.Kind == SendKind.Samples && !s.Duplicate);
        gateway.RejectContaining = victim.Body;
        var (_, report, _) = await RunAsync(options);

        var a = Assert.Single(report.Activities);
        var victimSends = scenario.Activities[0].Sends.Count(s => s.Body == victim.Body);
        Assert.Equal(victimSends, a.RejectedRequests);
        Assert.Equal(victimSends * victim.Samples, a.RejectedSamples);
        Assert.Equal(a.SamplesSent - a.RejectedSamples, a.Accepted);
        Assert.Equal(0, a.Retries);
        Assert.Equal(victimSends, gateway.Requests.Count(r => r.Status == 400));
    }

    [Fact]
    public async Task A_device_whose_activity_was_refused_stops()
    {
        var options = TestOptions.Create(racers: 0, devices: 2, minutes: 2);
        var scenario = ScenarioBuilder.Build(options, TestOptions.Start.ToUnixTimeMilliseconds());
        gateway.RejectContaining = scenario.Activities[0].Sends[0].Body;
        var (_, report, _) = await RunAsync(options);

        var refusedId = scenario.Activities[0].Spec.ActivityId.ToString();
        Assert.Single(gateway.Requests, r => r.Body.Contains(refusedId, StringComparison.Ordinal) || r.Path.Contains(refusedId, StringComparison.Ordinal));
        Assert.Equal((1L, 0L, 0L), (report.Activities[0].RejectedRequests, report.Activities[0].Batches, report.Activities[0].Accepted));
        Assert.Equal(scenario.Activities[1].Sends.Count, gateway.Requests.Count - 1);
        Assert.Equal(report.Activities[1].SamplesSent, report.Activities[1].Accepted);
    }

    [Fact]
    public async Task Cancelling_stops_the_devices_and_still_reports_what_was_sent()
    {
        var options = TestOptions.Create(racers: 2, devices: 0, minutes: 5);
        options.AsFastAsPossible = false;
        options.Speedup = 1;
        options.StartTime = null;
        var scenario = ScenarioBuilder.Build(options, ScenarioBuilder.ChooseStartMs(options, DateTimeOffset.UtcNow));
        using var http = new HttpClient { BaseAddress = new Uri(gateway.Url) };
        var output = new StringWriter();
        var runner = new SimulationRunner(options, http, Encoding.UTF8.GetBytes(FakeGateway.SigningKey), output);
        using var cancel = new CancellationTokenSource();
        var run = runner.RunAsync(scenario, cancel.Token);
        // Real time: the race starts 5 s in, so only the clock runs; wait until both start requests are in, then stop.
        while (gateway.Requests.Count < 2)
        {
            await Task.Delay(50);
        }
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.Contains("stopped before the end", output.ToString());
        Assert.True(gateway.Requests.Count < scenario.Activities.Sum(a => a.Sends.Count));
    }

    [Fact]
    public async Task A_seed_reproduces_every_request_and_the_report()
    {
        var first = await RunAsync(TestOptions.Create(racers: 2, devices: 1, minutes: 3, seed: 5));
        var firstRequests = gateway.Requests.Select(r => (r.Path, r.Body)).Order().ToList();
        await using var second = await FakeGateway.StartAsync();
        var secondRun = await RunAsync(TestOptions.Create(racers: 2, devices: 1, minutes: 3, seed: 5), second);
        Assert.Equal(firstRequests, second.Requests.Select(r => (r.Path, r.Body)).Order().ToList());
        Assert.Equal(first.Report.ToJson().Replace(gateway.Url, ""), secondRun.Report.ToJson().Replace(second.Url, ""));
    }

    [Fact]
    public async Task Paced_mode_sends_the_same_script_with_simulated_timestamps()
    {
        var options = TestOptions.Create(racers: 1, devices: 1, minutes: 1);
        options.AsFastAsPossible = false;
        options.Speedup = 600;
        options.StartTime = null;
        var before = DateTimeOffset.UtcNow;
        var (scenario, report, _) = await RunAsync(options);

        Assert.Equal(scenario.Activities.Sum(a => a.Sends.Count), gateway.Requests.Count);
        Assert.Equal(report.Totals.SamplesSent, report.Totals.Accepted);
        // Simulated timestamps end before the run: nothing is in the future for the gateway.
        var latest = gateway.Requests.Where(r => r.Path.EndsWith("/samples", StringComparison.Ordinal))
            .SelectMany(r => SampleBodies.Parse(r.Body)).Max(s => s.TimeMs);
        Assert.True(latest <= before.ToUnixTimeMilliseconds(), "fast mode back-dates the simulated clock");
    }

    [Fact]
    public async Task The_report_file_is_written_as_snake_case_json()
    {
        var path = Path.Combine(Path.GetTempPath(), $"sim-report-{Guid.NewGuid():N}.json");
        try
        {
            var options = TestOptions.Create(racers: 2, devices: 0, minutes: 2);
            options.ReportPath = path;
            var (_, report, _) = await RunAsync(options);
            using var json = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(path));
            var root = json.RootElement;
            Assert.Equal(report.Totals.Accepted, root.GetProperty("totals").GetProperty("accepted").GetInt64());
            Assert.Equal(2, root.GetProperty("activities").GetArrayLength());
            Assert.True(root.GetProperty("activities")[0].GetProperty("true_distance_m").GetDouble() > 0);
            Assert.Equal(2, root.GetProperty("races")[0].GetProperty("ranking").GetArrayLength());
        }
        finally
        {
            File.Delete(path);
        }
    }

    private async Task<(Scenario Scenario, SimulationReport Report, string Output)> RunAsync(SimulatorOptions options, FakeGateway? target = null)
    {
        target ??= gateway;
        var scenario = ScenarioBuilder.Build(options, ScenarioBuilder.ChooseStartMs(options, DateTimeOffset.UtcNow));
        using var http = new HttpClient { BaseAddress = new Uri(target.Url) };
        var output = new StringWriter(new StringBuilder());
        var runner = new SimulationRunner(options, http, Encoding.UTF8.GetBytes(FakeGateway.SigningKey), output);
        var report = await runner.RunAsync(scenario, CancellationToken.None);
        return (scenario, report, output.ToString());
    }
}
