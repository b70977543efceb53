namespace Splitstream.Fit;

/// <summary>One <c>event</c> (global 21); <see cref="IsTimerStart"/>/<see cref="IsTimerStop"/> are the pauses and resumes.</summary>
public sealed record FitEvent(long TimeMs, int Event, int EventType)
{
    public const int Timer = 0;

    public bool IsTimerStart => Event == Timer && EventType == 0;

    /// <summary>stop (1), stop_all (4), stop_disable (8), stop_disable_all (9).</summary>
    public bool IsTimerStop => Event == Timer && EventType is 1 or 4 or 8 or 9;
}
