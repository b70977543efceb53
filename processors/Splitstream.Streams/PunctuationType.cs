namespace Splitstream.Streams;

/// <summary>Which clock a punctuator follows.</summary>
public enum PunctuationType
{
    /// <summary>Fires as the task's stream time (largest record timestamp seen) passes each interval boundary.</summary>
    StreamTime,

    /// <summary>Fires on the runtime's wall clock, even when no record arrives (e.g. race standings refresh).</summary>
    WallClockTime,
}
