namespace Splitstream.Simulator;

/// <summary>What the athlete is doing at a second of the activity.</summary>
public enum MotionState
{
    Moving,

    /// <summary>Standing still while the device keeps recording (traffic light, drink station): auto-pause territory.</summary>
    Stopped,

    /// <summary>Inside an explicit pause (pause … resume): the device records nothing.</summary>
    Paused,
}
