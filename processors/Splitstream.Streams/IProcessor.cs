namespace Splitstream.Streams;

/// <summary>A node of a topology: one instance per task, so its fields and stores belong to one partition.</summary>
public interface IProcessor<TKey, TValue>
{
    /// <summary>Called once per task before any record: fetch stores, schedule punctuators.</summary>
    void Init(IProcessorContext context);

    void Process(Record<TKey, TValue> record);

    /// <summary>Called when the task closes (revocation or shutdown), after its last record.</summary>
    void Close()
    {
    }
}
