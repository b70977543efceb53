using Splitstream.Platform;
using Splitstream.Simulator;

namespace Splitstream.Races.Tests;

/// <summary>
/// The whole pipeline for an end-to-end race, on the embedded cluster: everything <c>AddProcessors</c> registers (the
/// metrics topology turns samples into summaries, the race router and the standings), the query API, and the ingest
/// gateway on the query API's store (so it reads the registrations organisers make there). Ready when started: the
/// standings view has caught up and the race topologies run.
/// </summary>
internal sealed class RacePipeline : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> started = [];

    public EmbeddedPlatform Platform { get; private set; } = null!;

    public ProcessorsHost Processors { get; private set; } = null!;

    public RacesQueryHost Query { get; private set; } = null!;

    public IngestGateway Ingest { get; private set; } = null!;

    public static async Task<RacePipeline> StartAsync()
    {
        var pipeline = new RacePipeline();
        try
        {
            pipeline.Platform = pipeline.Started(await EmbeddedPlatform.StartAsync(partitions: 4));
            pipeline.Processors = pipeline.Started(await ProcessorsHost.StartAsync(pipeline.Platform, everything: true));
            Assert.True(pipeline.Processors.HasOtherTopologies, "AddProcessors registers no activity-metrics topology: nothing would turn samples into summaries");
            pipeline.Query = pipeline.Started(await RacesQueryHost.StartAsync(pipeline.Platform));
            pipeline.Ingest = pipeline.Started(await IngestGateway.StartAsync(pipeline.Platform,
                new Dictionary<string, string?> { ["Store:SqlitePath"] = pipeline.Query.StorePath }, signingKey: RacesQueryHost.SigningKey));
            await pipeline.Query.WaitCaughtUpAsync();
            await pipeline.Processors.WaitForRaceTopologiesAsync();
            return pipeline;
        }
        catch (Exception)
        {
            // Stop what did start (the exception goes on to the test).
            await pipeline.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// The simulator's options for one race of <paramref name="racers"/> through this pipeline (no free activities):
    /// the organiser creates it through the query API, the devices post to the gateway, in accelerated time.
    /// </summary>
    public SimulatorOptions RaceOptions(string raceId, string userPrefix, int seed, int racers, double speedup) => new()
    {
        IngestUrl = Ingest.BaseUrl.ToString(),
        QueryUrl = Query.BaseAddress.ToString(),
        SigningKey = RacesQueryHost.SigningKey,
        RaceId = raceId,
        RaceRacers = racers,
        Devices = 0,
        UserPrefix = userPrefix,
        Seed = seed,
        // Finish times within a second need GPS better than the default 5 m: its error is mostly a drift over a
        // minute, which no interpolation removes, and 5 m is 1.4 s at a running pace. Measured off the simulated
        // crossing: at 5 m up to 2.4 s (mean 0.8 s), at 1 m up to 0.97 s (mean 0.25 s). At 0.5 m the figure checks
        // the timing, not the receiver.
        NoiseSigmaM = 0.5,
        Speedup = speedup,
        ProgressInterval = TimeSpan.Zero,
        MaxConcurrentRequests = 32,
    };

    private T Started<T>(T part) where T : IAsyncDisposable
    {
        started.Add(part);
        return part;
    }

    public async ValueTask DisposeAsync()
    {
        for (var i = started.Count - 1; i >= 0; i--)
        {
            await started[i].DisposeAsync();
        }
        started.Clear();
    }
}
