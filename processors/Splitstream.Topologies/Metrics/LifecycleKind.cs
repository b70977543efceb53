namespace Splitstream.Processors.Metrics;

/// <summary>The lifecycle events that shape an activity's timeline after its start.</summary>
public enum LifecycleKind
{
    Pause,
    Resume,
    Stop,
}
