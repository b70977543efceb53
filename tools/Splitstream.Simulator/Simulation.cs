using Microsoft.Extensions.Logging;
using Splitstream.ServiceDefaults;

namespace Splitstream.Simulator;

/// <summary>Entry points: one run to completion (the CLI, tests), or a background demo that a host starts and stops.</summary>
public static class Simulation
{
    /// <summary>Builds the scenario for now, finds the gateway and the key, and plays it to the end (or cancellation).</summary>
    public static async Task<SimulationReport> RunAsync(SimulatorOptions options, TextWriter? output, ILogger? logger, CancellationToken cancellationToken)
    {
        options.Validate();
        var url = string.IsNullOrWhiteSpace(options.IngestUrl) ? RunInfoReader.IngestUrl(options.RunInfoPath) : options.IngestUrl;
        if (string.IsNullOrWhiteSpace(options.IngestUrl) && string.IsNullOrWhiteSpace(options.QueryUrl))
        {
            options.QueryUrl = RunInfoReader.QueryUrl(options.RunInfoPath) ?? "";
        }
        var key = TokenService.LoadKey(new AuthOptions { SigningKey = options.SigningKey, SigningKeyFile = options.SigningKeyFile });
        var scenario = ScenarioBuilder.Build(options, ScenarioBuilder.ChooseStartMs(options, DateTimeOffset.UtcNow));
        using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = new Uri(url),
            Timeout = TimeSpan.FromSeconds(30),
        };
        output?.WriteLine($"simulating {scenario.Activities.Count} devices against {url} (race {scenario.RaceId ?? "none"}: {options.RaceRacers} racers; {options.Devices} free activities); users {options.UserPrefix}1..{scenario.Activities.Count}");
        return await new SimulationRunner(options, http, key, output, logger).RunAsync(scenario, cancellationToken);
    }

    /// <summary>Starts <see cref="RunAsync"/> in the background; dispose the handle (or cancel) to stop it.</summary>
    public static BackgroundSimulation StartInBackground(SimulatorOptions options, TextWriter? output, ILogger logger)
    {
        var stop = new CancellationTokenSource();
        var task = Task.Run(async () =>
        {
            try
            {
                await RunAsync(options, output, logger, stop.Token);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                logger.LogInformation("Simulator stopped");
            }
            catch (Exception e)
            {
                logger.LogError(e, "Simulator failed");
            }
        });
        return new BackgroundSimulation(stop, task);
    }
}
