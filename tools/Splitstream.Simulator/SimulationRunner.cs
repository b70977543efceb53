using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Splitstream.ServiceDefaults;

namespace Splitstream.Simulator;

/// <summary>
/// Plays a scenario against a gateway: one task per device sending its script in order, paced by the simulated
/// clock (real time, N times faster, or not at all), at most <see cref="SimulatorOptions.MaxConcurrentRequests"/>
/// requests in flight. Each device holds a device token for its own user. Prints a progress line every
/// <see cref="SimulatorOptions.ProgressInterval"/> and the summary at the end; writes the JSON report if asked.
/// </summary>
public sealed class SimulationRunner(SimulatorOptions options, HttpClient http, byte[] signingKey, TextWriter? output = null, ILogger? logger = null)
{
    private readonly ILogger log = logger ?? NullLogger.Instance;

    public async Task<SimulationReport> RunAsync(Scenario scenario, CancellationToken cancellationToken)
    {
        var counters = scenario.Activities.Select(_ => new ActivityCounters()).ToList();
        var client = new GatewayClient(http, log, options.MaxAttempts);
        var tokens = new TokenService(signingKey);
        var lifetime = options.Duration + TimeSpan.FromDays(1);
        using var gate = new SemaphoreSlim(Math.Max(1, options.MaxConcurrentRequests));
        var wallStart = DateTimeOffset.UtcNow;
        var speedup = options.AsFastAsPossible ? double.PositiveInfinity : Math.Max(1, options.Speedup);

        if (scenario.RaceId is not null && !string.IsNullOrWhiteSpace(options.QueryUrl))
        {
            var page = await RaceRegistrar.EnsureRaceAsync(new Uri(options.QueryUrl), tokens, options, scenario, cancellationToken);
            output?.WriteLine($"race {scenario.RaceId} created with {scenario.Racers.Count()} registered racers; live page: {page}");
        }
        using var progressStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var progress = ProgressAsync(scenario, counters, wallStart, progressStop.Token);
        var cancelled = false;
        try
        {
            var devices = scenario.Activities.Select((plan, i) =>
                PlayDeviceAsync(plan, counters[i], tokens.Issue(plan.Spec.UserId, Roles.Device, lifetime)));
            await Task.WhenAll(devices);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped early (Ctrl-C, host shutdown): still report what was sent, then let the caller see the cancellation.
            cancelled = true;
        }
        finally
        {
            await progressStop.CancelAsync();
            await progress;
        }

        var report = SimulationReport.Build(scenario, counters, options, http.BaseAddress?.ToString().TrimEnd('/') ?? "");
        if (output is not null)
        {
            if (cancelled)
            {
                output.WriteLine("simulation stopped before the end; what was sent so far:");
            }
            ReportPrinter.PrintSummary(report, output);
        }
        if (!string.IsNullOrEmpty(options.ReportPath))
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(options.ReportPath));
            Directory.CreateDirectory(directory!);
            await File.WriteAllTextAsync(options.ReportPath, report.ToJson() + "\n", CancellationToken.None);
        }
        cancellationToken.ThrowIfCancellationRequested();
        return report;

        async Task PlayDeviceAsync(ActivityPlan plan, ActivityCounters counter, string token)
        {
            var loggedRejection = false;
            foreach (var send in plan.Sends)
            {
                if (!double.IsPositiveInfinity(speedup))
                {
                    var dueWall = wallStart + TimeSpan.FromMilliseconds((send.DueMs - scenario.StartMs) / speedup);
                    var wait = dueWall - DateTimeOffset.UtcNow;
                    if (wait > TimeSpan.Zero)
                    {
                        await Task.Delay(wait, cancellationToken);
                    }
                }
                counter.MarkStarted();
                counter.Sent(send);
                SendOutcome outcome;
                await gate.WaitAsync(cancellationToken);
                try
                {
                    outcome = await client.SendAsync(send, token, cancellationToken);
                }
                finally
                {
                    gate.Release();
                }
                for (var r = 0; r < outcome.Retries; r++)
                {
                    counter.Retried();
                }
                counter.Completed(send, outcome);
                if (outcome.Result != SendResult.Accepted && send.Kind == SendKind.Start)
                {
                    // Without its activity every later request of this device would be refused too: the device gives up.
                    log.LogWarning("Simulated device {User}: the gateway did not create activity {Activity} ({Result}, status {Status}: {Problem}); the device stops",
                        plan.Spec.UserId, plan.Spec.ActivityId, outcome.Result, outcome.StatusCode, Truncate(outcome.Problem));
                    break;
                }
                if (outcome.Result != SendResult.Accepted)
                {
                    // The first refusal of a device at Warning (status and problem only: no coordinates, no token), the rest at Debug.
                    var level = loggedRejection ? LogLevel.Debug : LogLevel.Warning;
                    loggedRejection = true;
                    log.Log(level, "Simulated device {User}: {Kind} {Path} {Result} with status {Status}: {Problem}",
                        plan.Spec.UserId, send.Kind, send.Path, outcome.Result, outcome.StatusCode, Truncate(outcome.Problem));
                }
            }
            counter.MarkFinished();
        }
    }

    private async Task ProgressAsync(Scenario scenario, IReadOnlyList<ActivityCounters> counters, DateTimeOffset wallStart, CancellationToken stop)
    {
        if (output is null || options.ProgressInterval <= TimeSpan.Zero)
        {
            return;
        }
        using var timer = new PeriodicTimer(options.ProgressInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                await output.WriteLineAsync(ReportPrinter.ProgressLine(scenario, counters, DateTimeOffset.UtcNow - wallStart));
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The run ended (or was cancelled): no more progress lines.
        }
    }

    private static string? Truncate(string? text) => text is { Length: > 300 } ? text[..300] + "…" : text;
}
