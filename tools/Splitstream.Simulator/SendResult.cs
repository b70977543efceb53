namespace Splitstream.Simulator;

/// <summary>How a request ended after retries.</summary>
public enum SendResult
{
    /// <summary>2xx.</summary>
    Accepted,

    /// <summary>A 4xx other than 429: the gateway refused it for good.</summary>
    Rejected,

    /// <summary>The retry budget ran out (503, 429, 5xx or transport errors), or the run was cancelled.</summary>
    Failed,
}
