namespace Splitstream.Bench.E2E;

/// <summary>One offered rate's figures. Rates are samples/s over the stage's wall time; delays are seconds.</summary>
public sealed record StageResult(
    int OfferedRate,
    long SamplesAccepted,
    long Refused,
    double AcceptedRate,
    double? StoredRate,
    double? SummaryRate,
    double? StoredP50,
    double? StoredP99,
    double? SummaryP50,
    double? SummaryP99,
    double CoresBusy,
    IReadOnlyDictionary<string, double> CpuByThreadGroup,
    string Notes);
