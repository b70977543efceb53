namespace Splitstream.Processors.Sinks;

/// <summary>The <c>Sinks</c> configuration section.</summary>
public sealed class SinkOptions
{
    public const string Section = "Sinks";

    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Rows per point-series write: well above PostgreSQL's small-COPY cliff (per-statement overhead dominates below a
    /// few thousand rows) and bounded so a batch commits in well under a second.
    /// </summary>
    public int PointBatchRows { get; set; } = 20_000;

    /// <summary>Records per summary/metrics/events write.</summary>
    public int ActivityBatchRecords { get; set; } = 500;

    /// <summary>
    /// Activity-sink loops in this host, each its own consumer in <see cref="ActivityGroupId"/> with its own batches and
    /// store connection. On PostgreSQL they write in parallel (one loop stores about 3,300–4,000 live summaries/s on the
    /// bench machine's test server, issue 16's capacity plan; batches take shared rows in one order, so loops queue
    /// rather than deadlock); on SQLite they queue on the file's write gate, so 1 is right there.
    /// </summary>
    public int ActivityLoops { get; set; } = 1;

    /// <summary>The longest a consumed record waits for its batch to fill before it is written anyway.</summary>
    public int MaxBatchDelayMs { get; set; } = 200;

    public string PointGroupId { get; set; } = "splitstream-sink-points";

    public string ActivityGroupId { get; set; } = "splitstream-sink-activities";
}
