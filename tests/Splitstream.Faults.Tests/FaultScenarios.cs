using Confluent.Kafka;
using Splitstream.Platform;

namespace Splitstream.Faults.Tests;

/// <summary>The scenarios of issue 7, by name (the [Theory] data of <see cref="FaultSuiteTests"/>).</summary>
internal static class FaultScenarios
{
    /// <summary>Faults start a quarter of the way into the load, so there is traffic before, during and after them.</summary>
    private static readonly TimeSpan Lead = TimeSpan.FromSeconds(TestInput.PlaySeconds / 4);

    public static FaultScenario Get(string name) => name switch
    {
        "broker-down" => new(name, Postgres: false, BrokerDownAsync),
        "request-errors" => new(name, Postgres: false, RequestErrorsAsync),
        "slow-brokers" => new(name, Postgres: false, SlowBrokersAsync),
        "processors-sigkill" => new(name, Postgres: false, KillProcessorsAsync),
        "gateway-sigkill" => new(name, Postgres: false, KillGatewayAsync),
        "postgres-restart" => new(name, Postgres: true, RestartPostgresAsync),
        "platform-sigterm" => new(name, Postgres: false, TerminatePlatformAsync, AppHost: true),
        "platform-sigkill" => new(name, Postgres: false, KillPlatformAsync, AppHost: true),
        "late-sync" => new(name, Postgres: false, LateSyncAsync, Withhold: LateSync.IsWithheld),
        _ => throw new ArgumentException("unknown scenario " + name, nameof(name)),
    };

    /// <summary>Broker 2 (leader of a third of the partitions) down for 6 s, then up; producers and consumers wait it out.</summary>
    private static async Task<string> BrokerDownAsync(Pipeline pipeline, Task load, CancellationToken cancellationToken)
    {
        await Task.Delay(Lead, cancellationToken);
        var down = System.Diagnostics.Stopwatch.StartNew();
        pipeline.Platform.Cluster.Faults.SetBrokerDown(2);
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(6), cancellationToken);
        }
        finally
        {
            pipeline.Platform.Cluster.Faults.SetBrokerUp(2);
        }
        return $"broker 2 of 3 down {down.Elapsed.TotalSeconds:0.0} s, then up";
    }

    /// <summary>Bursts of retriable errors on the next Produce and Fetch requests, every second while the load runs.</summary>
    private static async Task<string> RequestErrorsAsync(Pipeline pipeline, Task load, CancellationToken cancellationToken)
    {
        await Task.Delay(Lead, cancellationToken);
        var faults = pipeline.Platform.Cluster.Faults;
        ErrorCode[] produce = [ErrorCode.NotLeaderForPartition, ErrorCode.RequestTimedOut, ErrorCode.NotEnoughReplicas, ErrorCode.NetworkException];
        ErrorCode[] fetch = [ErrorCode.NotLeaderForPartition, ErrorCode.RequestTimedOut, ErrorCode.UnknownLeaderEpoch];
        var (produceErrors, fetchErrors) = (0, 0);
        for (var round = 0; round < 8 && !load.IsCompleted; round++)
        {
            faults.PushRequestErrors(KafkaApiKey.Produce, produce);
            faults.PushRequestErrors(KafkaApiKey.Fetch, fetch);
            (produceErrors, fetchErrors) = (produceErrors + produce.Length, fetchErrors + fetch.Length);
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        }
        faults.ClearRequestErrors(KafkaApiKey.Produce);
        faults.ClearRequestErrors(KafkaApiKey.Fetch);
        return $"{produceErrors} Produce and {fetchErrors} Fetch request errors (NotLeader, RequestTimedOut, NotEnoughReplicas, Network, UnknownLeaderEpoch)";
    }

    /// <summary>Every broker answers 500 ms late for 8 s (more than the gateway's usual whole produce round trip).</summary>
    private static async Task<string> SlowBrokersAsync(Pipeline pipeline, Task load, CancellationToken cancellationToken)
    {
        await Task.Delay(Lead, cancellationToken);
        var faults = pipeline.Platform.Cluster.Faults;
        var slow = System.Diagnostics.Stopwatch.StartNew();
        for (var broker = 1; broker <= 3; broker++)
        {
            faults.SetBrokerRoundTrip(broker, TimeSpan.FromMilliseconds(500));
        }
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(8), cancellationToken);
        }
        finally
        {
            for (var broker = 1; broker <= 3; broker++)
            {
                faults.SetBrokerRoundTrip(broker, TimeSpan.Zero);
            }
        }
        return $"3 brokers at 500 ms round trip for {slow.Elapsed.TotalSeconds:0.0} s";
    }

    /// <summary>The processors host SIGKILLed every 3 s while the load runs (at least 3 times) and started again 0.5 s later.</summary>
    private static async Task<string> KillProcessorsAsync(Pipeline pipeline, Task load, CancellationToken cancellationToken)
    {
        await Task.Delay(Lead, cancellationToken);
        while (pipeline.Processors.Kills < 3 || !load.IsCompleted && pipeline.Processors.Kills < 6)
        {
            await pipeline.KillProcessorsAsync(TimeSpan.FromMilliseconds(500));
            await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken);
        }
        return $"processors host SIGKILLed {pipeline.Processors.Kills}x (every 3 s), restarted 0.5 s later";
    }

    /// <summary>The gateway SIGKILLed with requests in flight, twice, and started again on the same port 1 s later.</summary>
    private static async Task<string> KillGatewayAsync(Pipeline pipeline, Task load, CancellationToken cancellationToken)
    {
        await Task.Delay(Lead, cancellationToken);
        for (var kill = 0; kill < 2; kill++)
        {
            await pipeline.KillGatewayAsync(TimeSpan.FromSeconds(1));
            await pipeline.WaitGatewayReadyAsync();
            await Task.Delay(TimeSpan.FromSeconds(4), cancellationToken);
        }
        return $"gateway SIGKILLed {pipeline.Gateway.Kills}x mid-batch, restarted on the same port 1 s later";
    }

    /// <summary>
    /// Issue 11: one device is offline for the middle of its activity; after the load (its stop included) has been
    /// processed, the processors host is SIGKILLed and started again on its state dir, then the device syncs the
    /// missing batches. The summary must come out as if they had come on time, never from fewer points.
    /// </summary>
    private static async Task<string> LateSyncAsync(Pipeline pipeline, Task load, CancellationToken cancellationToken)
    {
        var ledger = await (Task<AckLedger>)load;
        var withheld = TestInput.Scenario.Activities.SelectMany(a => a.Sends).Count(LateSync.IsWithheld);
        // The on-time part settles first: the late batches come to a finished activity whose summary is out.
        await pipeline.WaitForActivitiesAsync([LateSync.Activity.Spec.ActivityId.ToString()], found => found.Values.All(r => r is { Status: "finished" }),
            TimeSpan.FromSeconds(90));
        await pipeline.KillProcessorsAsync(TimeSpan.FromMilliseconds(500));
        await LoadDriver.SyncAsync(pipeline.GatewayUrl, ledger, LateSync.IsWithheld, cancellationToken);
        return $"{withheld} GPS/HR batches of one activity withheld (40-90% of its track), synced after its stop and a processors SIGKILL + restart (state dir kept)";
    }

    /// <summary>The store's PostgreSQL stopped as by a crash (immediate) and started again, twice, while the sinks write.</summary>
    private static async Task<string> RestartPostgresAsync(Pipeline pipeline, Task load, CancellationToken cancellationToken)
    {
        await Task.Delay(Lead, cancellationToken);
        var postgres = pipeline.Postgres!;
        for (var restart = 0; restart < 2; restart++)
        {
            await postgres.CrashRestartAsync(TimeSpan.FromSeconds(2));
            await Task.Delay(TimeSpan.FromSeconds(4), cancellationToken);
        }
        return $"PostgreSQL crash-stopped (immediate) {postgres.Restarts}x for 2 s during sink writes";
    }

    /// <summary>
    /// `make run` (embedded platform, gateway, processors, query API in one process) stopped with SIGTERM mid-load, as by
    /// Ctrl-C, and started again on the same data directory 1 s later: the platform restores its cluster from its archive.
    /// </summary>
    private static async Task<string> TerminatePlatformAsync(Pipeline pipeline, Task load, CancellationToken cancellationToken)
    {
        await Task.Delay(Lead, cancellationToken);
        var down = System.Diagnostics.Stopwatch.StartNew();
        pipeline.Gateway.Terminate(TimeSpan.FromSeconds(60));
        var stopped = down.Elapsed;
        await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        pipeline.Gateway.Start();
        await pipeline.WaitGatewayReadyAsync();
        return $"whole platform SIGTERMed mid-load (orderly stop {stopped.TotalSeconds:0.0} s), restarted from its archive 1 s later, ready after {down.Elapsed.TotalSeconds:0.0} s down";
    }

    /// <summary>`make run` SIGKILLed mid-load (in-memory cluster gone, no shutdown hook) and started again on the same data directory 1 s later.</summary>
    private static async Task<string> KillPlatformAsync(Pipeline pipeline, Task load, CancellationToken cancellationToken)
    {
        await Task.Delay(Lead, cancellationToken);
        var down = System.Diagnostics.Stopwatch.StartNew();
        await pipeline.KillGatewayAsync(TimeSpan.FromSeconds(1));
        await pipeline.WaitGatewayReadyAsync();
        return $"whole platform SIGKILLed mid-load, restarted from its archive 1 s later, ready after {down.Elapsed.TotalSeconds:0.0} s down";
    }
}
