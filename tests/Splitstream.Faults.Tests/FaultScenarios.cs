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
        "broker-down" => new(name, Postgres: false, BrokerDownAsync, "devices refused, or the services' Kafka clients logged errors",
            e => e.Refused + e.TransportErrors + e.KafkaClientErrors > 0),
        "request-errors" => new(name, Postgres: false, RequestErrorsAsync, "pushed broker errors handed to requests",
            e => e.BrokerErrorsDelivered > 0),
        "slow-brokers" => new(name, Postgres: false, SlowBrokersAsync, "acknowledgements in the slow window took at least the round trip",
            e => e.SlowAcknowledged > 0),
        "processors-sigkill" => new(name, Postgres: false, KillProcessorsAsync, "at least 3 processors restarts",
            e => e.ServiceRestarts >= 3),
        "gateway-sigkill" => new(name, Postgres: false, KillGatewayAsync, "devices saw transport errors",
            e => e.ServiceRestarts >= 2 && e.TransportErrors > 0),
        "postgres-restart" => new(name, Postgres: true, RestartPostgresAsync, "sinks logged store-write retries",
            e => e.StoreWriteRetries > 0),
        "platform-sigterm" => new(name, Postgres: false, TerminatePlatformAsync, "a platform restart that devices saw (503s or transport errors)",
            e => e.ServiceRestarts >= 1 && e.Refused + e.TransportErrors > 0, AppHost: true),
        "platform-sigkill" => new(name, Postgres: false, KillPlatformAsync, "a platform restart that devices saw (503s or transport errors)",
            e => e.ServiceRestarts >= 1 && e.Refused + e.TransportErrors > 0, AppHost: true),
        "late-sync" => new(name, Postgres: false, LateSyncAsync, "a processors restart before the late batches",
            e => e.ServiceRestarts >= 1, Withhold: LateSync.IsWithheld),
        _ => throw new ArgumentException("unknown scenario " + name, nameof(name)),
    };

    /// <summary>Broker 2 (leader of a third of the partitions) down for 6 s, then up; producers and consumers wait it out.</summary>
    private static async Task<InjectedFault> BrokerDownAsync(Pipeline pipeline, Task load, CancellationToken cancellationToken)
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
        return new($"broker 2 of 3 down {down.Elapsed.TotalSeconds:0.0} s, then up");
    }

    /// <summary>
    /// Bursts of retriable errors on the next Produce and Fetch requests of one broker (1, 2, 3 in turn), every second
    /// while the load runs. A broker's pending errors can be counted, so what the requests really received is counted
    /// too: pending just after each push, minus pending just before the next push there (and at the end).
    /// </summary>
    private static async Task<InjectedFault> RequestErrorsAsync(Pipeline pipeline, Task load, CancellationToken cancellationToken)
    {
        await Task.Delay(Lead, cancellationToken);
        var faults = pipeline.Platform.Cluster.Faults;
        var errors = new Dictionary<KafkaApiKey, ErrorCode[]>
        {
            [KafkaApiKey.Produce] = [ErrorCode.NotLeaderForPartition, ErrorCode.RequestTimedOut, ErrorCode.NotEnoughReplicas, ErrorCode.NetworkException],
            [KafkaApiKey.Fetch] = [ErrorCode.NotLeaderForPartition, ErrorCode.RequestTimedOut, ErrorCode.UnknownLeaderEpoch],
        };
        var pushed = errors.Keys.ToDictionary(api => api, _ => 0L);
        var handedOut = errors.Keys.ToDictionary(api => api, _ => 0L);
        var pendingAfterPush = new Dictionary<(int Broker, KafkaApiKey Api), long>();
        void Count(int broker, KafkaApiKey api)
        {
            if (pendingAfterPush.TryGetValue((broker, api), out var after))
            {
                handedOut[api] += after - faults.PendingRequestErrors(broker, api);
            }
        }
        // Every second from the lead to 3 s before the load's planned end (or its end, if sooner): the errors keep coming
        // while the load runs. Not until it completes: the errors slow it down, and unbounded they would starve it.
        var rounds = (int)(TestInput.PlaySeconds - Lead.TotalSeconds) - 3;
        var round = 0;
        for (; round < rounds && !load.IsCompleted; round++)
        {
            var broker = round % 3 + 1;
            foreach (var (api, codes) in errors)
            {
                Count(broker, api);
                faults.PushRequestErrors(broker, api, codes);
                pushed[api] += codes.Length;
                pendingAfterPush[(broker, api)] = faults.PendingRequestErrors(broker, api);
            }
            await Task.WhenAny(load, Task.Delay(TimeSpan.FromSeconds(1), cancellationToken));
        }
        // A broker's errors can't be cleared: the traffic takes the last ones (Fetch at once, Produce with the next batch).
        for (var drained = DateTime.UtcNow.AddSeconds(10); DateTime.UtcNow < drained
             && pendingAfterPush.Keys.Any(k => faults.PendingRequestErrors(k.Broker, k.Api) > 0); await Task.Delay(100, cancellationToken))
        {
        }
        var left = pendingAfterPush.Keys.Sum(k => faults.PendingRequestErrors(k.Broker, k.Api));
        foreach (var (broker, api) in pendingAfterPush.Keys.ToList())
        {
            Count(broker, api);
        }
        return new($"{round} rounds (every 1 s while the load ran, brokers 1-3 in turn) of {errors[KafkaApiKey.Produce].Length} Produce and " +
            $"{errors[KafkaApiKey.Fetch].Length} Fetch request errors (NotLeader, RequestTimedOut, NotEnoughReplicas, Network, UnknownLeaderEpoch): " +
            $"{handedOut[KafkaApiKey.Produce]} of {pushed[KafkaApiKey.Produce]} Produce and {handedOut[KafkaApiKey.Fetch]} of {pushed[KafkaApiKey.Fetch]} " +
            $"Fetch errors handed to requests{(left > 0 ? $", {left} left for later requests" : "")}",
            handedOut.Values.Sum());
    }

    /// <summary>Every broker answers 500 ms late for 8 s (more than the gateway's usual whole produce round trip).</summary>
    private static async Task<InjectedFault> SlowBrokersAsync(Pipeline pipeline, Task load, CancellationToken cancellationToken)
    {
        await Task.Delay(Lead, cancellationToken);
        var faults = pipeline.Platform.Cluster.Faults;
        var roundTrip = TimeSpan.FromMilliseconds(500);
        var slow = System.Diagnostics.Stopwatch.StartNew();
        for (var broker = 1; broker <= 3; broker++)
        {
            faults.SetBrokerRoundTrip(broker, roundTrip);
        }
        var from = System.Diagnostics.Stopwatch.GetTimestamp();
        long to;
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(8), cancellationToken);
        }
        finally
        {
            to = System.Diagnostics.Stopwatch.GetTimestamp();
            for (var broker = 1; broker <= 3; broker++)
            {
                faults.SetBrokerRoundTrip(broker, TimeSpan.Zero);
            }
        }
        return new($"3 brokers at 500 ms round trip for {slow.Elapsed.TotalSeconds:0.0} s", SlowFrom: from, SlowTo: to, SlowRoundTrip: roundTrip);
    }

    /// <summary>The processors host SIGKILLed every 3 s while the load runs (at least 3 times) and started again 0.5 s later.</summary>
    private static async Task<InjectedFault> KillProcessorsAsync(Pipeline pipeline, Task load, CancellationToken cancellationToken)
    {
        await Task.Delay(Lead, cancellationToken);
        while (pipeline.Processors.Kills < 3 || !load.IsCompleted && pipeline.Processors.Kills < 6)
        {
            await pipeline.KillProcessorsAsync(TimeSpan.FromMilliseconds(500));
            await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken);
        }
        return new($"processors host SIGKILLed {pipeline.Processors.Kills}x (every 3 s), restarted 0.5 s later");
    }

    /// <summary>The gateway SIGKILLed with requests in flight, twice, and started again on the same port 1 s later.</summary>
    private static async Task<InjectedFault> KillGatewayAsync(Pipeline pipeline, Task load, CancellationToken cancellationToken)
    {
        await Task.Delay(Lead, cancellationToken);
        long restarted = 0;
        for (var kill = 0; kill < 2; kill++)
        {
            await pipeline.KillGatewayAsync(TimeSpan.FromSeconds(1));
            await pipeline.WaitGatewayReadyAsync();
            restarted = System.Diagnostics.Stopwatch.GetTimestamp();
            await Task.Delay(TimeSpan.FromSeconds(4), cancellationToken);
        }
        return new($"gateway SIGKILLed {pipeline.Gateway.Kills}x mid-batch, restarted on the same port 1 s later", RestartedAt: restarted);
    }

    /// <summary>
    /// Issue 11: one device is offline for the middle of its activity; after the load (its stop included) has been
    /// processed, the processors host is SIGKILLed and started again on its state dir, then the device syncs the
    /// missing batches. The summary must come out as if they had come on time, never from fewer points.
    /// </summary>
    private static async Task<InjectedFault> LateSyncAsync(Pipeline pipeline, Task load, CancellationToken cancellationToken)
    {
        var ledger = await (Task<AckLedger>)load;
        var withheld = TestInput.Scenario.Activities.SelectMany(a => a.Sends).Count(LateSync.IsWithheld);
        // The on-time part settles first: the late batches come to a finished activity whose summary is out.
        await pipeline.WaitForActivitiesAsync([LateSync.Activity.Spec.ActivityId.ToString()], found => found.Values.All(r => r is { Status: "finished" }),
            TimeSpan.FromSeconds(90));
        await pipeline.KillProcessorsAsync(TimeSpan.FromMilliseconds(500));
        await LoadDriver.SyncAsync(pipeline.GatewayUrl, ledger, LateSync.IsWithheld, cancellationToken);
        return new($"{withheld} GPS/HR batches of one activity withheld (40-90% of its track), synced after its stop and a processors SIGKILL + restart (state dir kept)");
    }

    /// <summary>The store's PostgreSQL stopped as by a crash (immediate) and started again, twice, while the sinks write.</summary>
    private static async Task<InjectedFault> RestartPostgresAsync(Pipeline pipeline, Task load, CancellationToken cancellationToken)
    {
        await Task.Delay(Lead, cancellationToken);
        var postgres = pipeline.Postgres!;
        for (var restart = 0; restart < 2; restart++)
        {
            await postgres.CrashRestartAsync(TimeSpan.FromSeconds(2));
            await Task.Delay(TimeSpan.FromSeconds(4), cancellationToken);
        }
        return new($"PostgreSQL crash-stopped (immediate) {postgres.Restarts}x for 2 s during sink writes");
    }

    /// <summary>
    /// `make run` (embedded platform, gateway, processors, query API in one process) stopped with SIGTERM mid-load, as by
    /// Ctrl-C, and started again on the same data directory 1 s later: the platform restores its cluster from its archive.
    /// </summary>
    private static async Task<InjectedFault> TerminatePlatformAsync(Pipeline pipeline, Task load, CancellationToken cancellationToken)
    {
        await Task.Delay(Lead, cancellationToken);
        var down = System.Diagnostics.Stopwatch.StartNew();
        pipeline.Gateway.Terminate(TimeSpan.FromSeconds(60));
        var stopped = down.Elapsed;
        await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        pipeline.Gateway.Start();
        await pipeline.WaitGatewayReadyAsync();
        return new($"whole platform SIGTERMed mid-load (orderly stop {stopped.TotalSeconds:0.0} s), restarted from its archive 1 s later, ready after {down.Elapsed.TotalSeconds:0.0} s down",
            RestartedAt: System.Diagnostics.Stopwatch.GetTimestamp());
    }

    /// <summary>`make run` SIGKILLed mid-load (in-memory cluster gone, no shutdown hook) and started again on the same data directory 1 s later.</summary>
    private static async Task<InjectedFault> KillPlatformAsync(Pipeline pipeline, Task load, CancellationToken cancellationToken)
    {
        await Task.Delay(Lead, cancellationToken);
        var down = System.Diagnostics.Stopwatch.StartNew();
        await pipeline.KillGatewayAsync(TimeSpan.FromSeconds(1));
        await pipeline.WaitGatewayReadyAsync();
        return new($"whole platform SIGKILLed mid-load, restarted from its archive 1 s later, ready after {down.Elapsed.TotalSeconds:0.0} s down",
            RestartedAt: System.Diagnostics.Stopwatch.GetTimestamp());
    }
}
