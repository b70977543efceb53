namespace Splitstream.Processors.Metrics;

/// <summary>The <c>Processors:ActivityMetrics</c> configuration section.</summary>
public sealed class ActivityMetricsSettings
{
    public const string Section = "Processors:ActivityMetrics";

    public bool Enabled { get; set; } = true;

    /// <summary>The consumer group and changelog prefix; instances with the same id share the partitions.</summary>
    public string ApplicationId { get; set; } = "splitstream-activity-metrics";

    /// <summary>How often processed input is committed (after outputs and changelog writes are acknowledged).</summary>
    public TimeSpan CommitInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Root of the topology's local state (<c>&lt;StateDir&gt;/&lt;ApplicationId&gt;/&lt;task&gt;</c>, directories 0700).
    /// From <c>Processors:StateDir</c> when this section doesn't set it; one per instance on a machine.
    /// </summary>
    public string? StateDir { get; set; }

    /// <summary>The wall-clock period of summary emission.</summary>
    public TimeSpan SummaryInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Stream time (when ingest accepted the records) after a stopped activity's last record when it leaves memory:
    /// memory holds the live activities plus those stopped within this span (more than WindowGrace plus the window).
    /// </summary>
    public TimeSpan FinishedRetention { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Stream time after which an activity that never stopped is treated as stopped at its newest record.</summary>
    public TimeSpan AbandonedAfter { get; set; } = TimeSpan.FromHours(12);
}
