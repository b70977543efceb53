namespace Splitstream.Replay;

/// <summary>Receives progress of a long run: work done out of a known total (records or offsets).</summary>
public interface IProgressSink
{
    void Report(long done, long total);

    /// <summary>The run ended (successfully or not): finish the line.</summary>
    void Complete(string summary);
}
