namespace Splitstream.Replay;

/// <summary>
/// One export: a topic (or part of it) into <see cref="Output"/>, a file for JSON lines and CSV, a directory for
/// GPX. <see cref="JoinHeartRate"/> (GPX only) joins telemetry.hr.v1 by nearest time within <see cref="HeartRateTolerance"/>.
/// </summary>
public sealed record ExportRequest(string Topic, ExportFormat Format, string Output, ReadSelection Selection)
{
    public bool JoinHeartRate { get; init; }

    public TimeSpan HeartRateTolerance { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The heart-rate topic joined to GPS for GPX (a re-run's copy may be named instead).</summary>
    public string HeartRateTopic { get; init; } = Splitstream.Schemas.Topics.HeartRate;
}
