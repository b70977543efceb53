namespace Splitstream.Simulator;

/// <summary>One request of a device's script, in the order the device sends it.</summary>
/// <param name="DueMs">When it is sent, on the simulated clock (epoch ms): in real time, that is the wall clock.</param>
/// <param name="Path">Request path, e.g. <c>/v1/activities/{id}/samples</c>.</param>
/// <param name="Body">The JSON body, fixed at planning time so a seed reproduces every byte.</param>
/// <param name="GpsSamples">GPS fixes in the body.</param>
/// <param name="HrSamples">Heart-rate-only readings in the body.</param>
/// <param name="Duplicate">A re-send of the batch before (as after a timeout whose request had in fact landed).</param>
/// <param name="OutOfOrder">Held back and sent after the batch that follows it.</param>
/// <param name="LateBurst">The backlog of an offline stretch, sent in one go when the network returns.</param>
/// <param name="EventType">pause, resume or stop for <see cref="SendKind.Event"/>.</param>
public sealed record PlannedSend(
    long DueMs,
    SendKind Kind,
    string Path,
    string Body,
    int GpsSamples = 0,
    int HrSamples = 0,
    bool Duplicate = false,
    bool OutOfOrder = false,
    bool LateBurst = false,
    string? EventType = null)
{
    public int Samples => GpsSamples + HrSamples;
}
