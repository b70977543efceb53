namespace Splitstream.Streams.Tests;

/// <summary>Records what it was given and when its punctuators fired; forwards every record unchanged.</summary>
internal sealed class RecordingProcessor(TimeSpan? streamInterval = null, TimeSpan? wallInterval = null) : IProcessor<string, string>
{
    private IProcessorContext context = null!;

    public List<(string Key, string Value, long Timestamp, long StreamTime)> Seen { get; } = [];

    public List<long> StreamPunctuations { get; } = [];

    public List<long> WallPunctuations { get; } = [];

    public void Init(IProcessorContext context)
    {
        this.context = context;
        if (streamInterval is { } s)
        {
            context.Schedule(s, PunctuationType.StreamTime, StreamPunctuations.Add);
        }
        if (wallInterval is { } w)
        {
            context.Schedule(w, PunctuationType.WallClockTime, WallPunctuations.Add);
        }
    }

    public void Process(Record<string, string> record)
    {
        if (record.Value == "boom")
        {
            throw new InvalidOperationException("processor refused the value");
        }
        Seen.Add((record.Key, record.Value, record.Timestamp, context.StreamTime));
        context.Forward(record);
    }
}
