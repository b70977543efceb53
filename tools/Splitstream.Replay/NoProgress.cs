namespace Splitstream.Replay;

/// <summary>Progress that goes nowhere (tests, quiet runs).</summary>
public sealed class NoProgress : IProgressSink
{
    public static NoProgress Instance { get; } = new();

    public void Report(long done, long total)
    {
    }

    public void Complete(string summary)
    {
    }
}
