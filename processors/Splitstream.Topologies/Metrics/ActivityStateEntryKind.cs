namespace Splitstream.Processors.Metrics;

/// <summary>What an activity-state store entry holds.</summary>
public enum ActivityStateEntryKind : byte
{
    /// <summary>Start information and pause/resume/stop events.</summary>
    Lifecycle = 0,

    /// <summary>GPS points and heart-rate readings of one 30 s chunk of event time.</summary>
    Samples = 1,

    /// <summary>The activity was evicted after it finished: records for it are late.</summary>
    Evicted = 2,
}
