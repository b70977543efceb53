namespace Splitstream.Simulator;

/// <summary>
/// What one device sent and how the gateway answered. A device sends sequentially, but the progress display reads
/// these concurrently, hence Interlocked.
/// </summary>
public sealed class ActivityCounters
{
    private long batches, samplesSent, duplicateBatches, duplicateSamples, outOfOrderBatches, lateBurstBatches, lateBurstSamples;
    private long events, accepted, rejectedRequests, rejectedSamples, failedRequests, retries, requestsDone;
    private int started, finished;

    public long Batches => Interlocked.Read(ref batches);
    public long SamplesSent => Interlocked.Read(ref samplesSent);
    public long DuplicateBatches => Interlocked.Read(ref duplicateBatches);
    public long DuplicateSamples => Interlocked.Read(ref duplicateSamples);
    public long OutOfOrderBatches => Interlocked.Read(ref outOfOrderBatches);
    public long LateBurstBatches => Interlocked.Read(ref lateBurstBatches);
    public long LateBurstSamples => Interlocked.Read(ref lateBurstSamples);
    public long Events => Interlocked.Read(ref events);

    /// <summary>Samples the gateway acknowledged (the <c>accepted</c> of its 202 answers).</summary>
    public long Accepted => Interlocked.Read(ref accepted);

    /// <summary>Requests answered with a 4xx other than 429 (not retried).</summary>
    public long RejectedRequests => Interlocked.Read(ref rejectedRequests);
    public long RejectedSamples => Interlocked.Read(ref rejectedSamples);

    /// <summary>Requests given up after the retry budget (503/429/5xx/transport errors) ran out.</summary>
    public long FailedRequests => Interlocked.Read(ref failedRequests);

    /// <summary>Re-sends after 503, 429, 5xx or a transport error.</summary>
    public long Retries => Interlocked.Read(ref retries);
    public long RequestsDone => Interlocked.Read(ref requestsDone);
    public bool Started => Volatile.Read(ref started) == 1;
    public bool Finished => Volatile.Read(ref finished) == 1;

    public void MarkStarted() => Volatile.Write(ref started, 1);

    public void MarkFinished() => Volatile.Write(ref finished, 1);

    public void Retried() => Interlocked.Increment(ref retries);

    /// <summary>Counts a request as sent, before its outcome is known.</summary>
    public void Sent(PlannedSend send)
    {
        if (send.Kind == SendKind.Event)
        {
            Interlocked.Increment(ref events);
        }
        if (send.Kind != SendKind.Samples)
        {
            return;
        }
        Interlocked.Increment(ref batches);
        Interlocked.Add(ref samplesSent, send.Samples);
        if (send.Duplicate)
        {
            Interlocked.Increment(ref duplicateBatches);
            Interlocked.Add(ref duplicateSamples, send.Samples);
        }
        if (send.OutOfOrder)
        {
            Interlocked.Increment(ref outOfOrderBatches);
        }
        if (send.LateBurst)
        {
            Interlocked.Increment(ref lateBurstBatches);
            Interlocked.Add(ref lateBurstSamples, send.Samples);
        }
    }

    public void Completed(PlannedSend send, SendOutcome outcome)
    {
        Interlocked.Increment(ref requestsDone);
        switch (outcome.Result)
        {
            case SendResult.Accepted when send.Kind == SendKind.Samples:
                Interlocked.Add(ref accepted, outcome.AcceptedSamples ?? send.Samples);
                break;
            case SendResult.Rejected:
                Interlocked.Increment(ref rejectedRequests);
                Interlocked.Add(ref rejectedSamples, send.Samples);
                break;
            case SendResult.Failed:
                Interlocked.Increment(ref failedRequests);
                break;
        }
    }
}
