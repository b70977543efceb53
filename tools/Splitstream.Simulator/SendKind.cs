namespace Splitstream.Simulator;

/// <summary>The three requests a device makes (DESIGN §3).</summary>
public enum SendKind
{
    /// <summary><c>POST /v1/activities</c>.</summary>
    Start,

    /// <summary><c>POST /v1/activities/{id}/samples</c>.</summary>
    Samples,

    /// <summary><c>POST /v1/activities/{id}/events</c> (pause, resume, stop).</summary>
    Event,
}
