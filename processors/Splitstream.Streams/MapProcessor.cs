namespace Splitstream.Streams;

/// <summary>A stateless processor that turns each record into another (or none, when the mapping returns null).</summary>
public sealed class MapProcessor<TKey, TValue, TKeyOut, TValueOut>(Func<Record<TKey, TValue>, Record<TKeyOut, TValueOut>?> map)
    : IProcessor<TKey, TValue>
{
    private IProcessorContext context = null!;

    public void Init(IProcessorContext context) => this.context = context;

    public void Process(Record<TKey, TValue> record)
    {
        if (map(record) is { } mapped)
        {
            context.Forward(mapped);
        }
    }
}
