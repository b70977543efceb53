namespace Splitstream.Simulator;

/// <summary>Sums over every activity of a run.</summary>
public sealed record ReportTotals(
    int Activities,
    long GpsSamples,
    long HrSamples,
    long SamplesSent,
    long Batches,
    long DuplicateBatches,
    long OutOfOrderBatches,
    long LateBurstBatches,
    long Events,
    long Accepted,
    long RejectedRequests,
    long FailedRequests,
    long Retries,
    double TrueDistanceM);
