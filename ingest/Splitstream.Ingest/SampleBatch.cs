namespace Splitstream.Ingest;

/// <summary>A parsed batch of samples, with the WebSocket sequence number when it came in an envelope.</summary>
public sealed class SampleBatch(List<IncomingSample> samples, long? seq = null)
{
    public List<IncomingSample> Samples { get; } = samples;

    public long? Seq { get; } = seq;
}
