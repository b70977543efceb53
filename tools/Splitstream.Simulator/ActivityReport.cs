namespace Splitstream.Simulator;

/// <summary>One activity in the report: what was sent, how it was answered, and its ground truth.</summary>
public sealed record ActivityReport(
    string ActivityId,
    string UserId,
    string Sport,
    string? RaceId,
    string StartedAt,
    string EndedAt,
    double TrueDistanceM,
    double TrueMovingTimeS,
    bool FinishedCourse,
    int GpsSamples,
    int HrSamples,
    long SamplesSent,
    long Batches,
    long DuplicateBatches,
    long DuplicateSamples,
    long OutOfOrderBatches,
    long LateBurstBatches,
    long LateBurstSamples,
    long Events,
    long Accepted,
    long RejectedRequests,
    long RejectedSamples,
    long FailedRequests,
    long Retries);
