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
}
