namespace Splitstream.Processors.Metrics;

/// <summary>DESIGN §5 status values.</summary>
public static class ActivityStatus
{
    public const string Active = "active";
    public const string Paused = "paused";
    public const string Finished = "finished";
}
