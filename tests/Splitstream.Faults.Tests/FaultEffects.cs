namespace Splitstream.Faults.Tests;

/// <summary>
/// What a scenario's fault demonstrably did, counted where it shows: by the devices (503s, transport errors, retries,
/// acknowledgements slower than a slowed broker's round trip), by the services (restarts, store write retries, streams
/// runtimes replaced, Kafka client errors in their logs) and by the cluster (pushed request errors handed to requests).
/// </summary>
internal sealed record FaultEffects(
    int DeviceRetries, int Refused, int TransportErrors, int SlowAcknowledged, int AcknowledgedInSlowWindow,
    int ServiceRestarts, int StoreWriteRetries, int RuntimesReplaced, int KafkaClientErrors, long BrokerErrorsDelivered)
{
    public static FaultEffects Of(Pipeline pipeline, AckLedger ledger, InjectedFault fault)
    {
        ServiceProcess[] services = ReferenceEquals(pipeline.Gateway, pipeline.Processors) ? [pipeline.Gateway] : [pipeline.Gateway, pipeline.Processors];
        var (slow, inWindow) = fault.SlowRoundTrip > TimeSpan.Zero
            ? ledger.Attempts.AcknowledgedBetween(fault.SlowFrom, fault.SlowTo, fault.SlowRoundTrip)
            : (0, 0);
        return new FaultEffects(
            ledger.Retries, ledger.Attempts.Refused, ledger.Attempts.TransportErrors, slow, inWindow,
            services.Sum(s => s.Kills + s.Terminations),
            services.Sum(s => s.LinesWith(ServiceLog.StoreWriteRetry)),
            services.Sum(s => s.LinesWith(ServiceLog.RuntimeReplaced)),
            services.Sum(s => s.LinesWith(ServiceLog.KafkaProducerError) + s.LinesWith(ServiceLog.KafkaConsumerError)),
            fault.BrokerErrorsDelivered);
    }

    /// <summary>The non-zero counts, for the reliability record's "fault took effect" column.</summary>
    public override string ToString()
    {
        var seen = new List<string>();
        void Add(long n, string what)
        {
            if (n > 0)
            {
                seen.Add($"{n} {what}");
            }
        }
        Add(Refused, "503s to devices");
        Add(TransportErrors, "device transport errors");
        Add(DeviceRetries, "device retries");
        if (AcknowledgedInSlowWindow > 0)
        {
            seen.Add($"{SlowAcknowledged} of {AcknowledgedInSlowWindow} acks in the slow window took ≥ the round trip");
        }
        Add(BrokerErrorsDelivered, "broker errors handed to requests");
        Add(ServiceRestarts, "service restarts");
        Add(StoreWriteRetries, "sink store-write retries logged");
        Add(RuntimesReplaced, "streams runtimes replaced");
        Add(KafkaClientErrors, "Kafka client errors logged");
        return seen.Count == 0 ? "none" : string.Join(", ", seen);
    }
}
