namespace Splitstream.Streams.Demo;

/// <summary>Deduplicates samples by (activity, kind, time) and counts them per activity and per 1-minute window.</summary>
internal sealed class SampleCounter : IProcessor<string, SampleBatch>
{
    private IProcessorContext context = null!;
    private IKeyValueStore<string, long> seen = null!;
    private IKeyValueStore<string, long> counts = null!;
    private IWindowStore<string, long> windows = null!;

    public void Init(IProcessorContext context)
    {
        this.context = context;
        seen = context.GetStateStore<IKeyValueStore<string, long>>(SampleCountTopology.SeenStore);
        counts = context.GetStateStore<IKeyValueStore<string, long>>(SampleCountTopology.CountStore);
        windows = context.GetStateStore<IWindowStore<string, long>>(SampleCountTopology.WindowStore);
    }

    public void Process(Record<string, SampleBatch> record)
    {
        var activity = record.Key;
        counts.TryGet(activity, out var total);
        var changedWindows = new SortedSet<long>();
        var added = 0;
        foreach (var time in record.Value.TimesMs)
        {
            var sampleKey = $"{activity}|{record.Value.Kind}|{time}";
            if (seen.TryGet(sampleKey, out _))
            {
                continue;
            }
            seen.Put(sampleKey, time);
            added++;
            foreach (var start in windows.Windows.WindowStartsFor(time))
            {
                if (windows.Windows.IsClosed(start, context.StreamTime))
                {
                    context.ReportLateRecord(record, start, windows.Windows.CloseTime(context.StreamTime));
                    continue;
                }
                windows.TryGet(activity, start, out var inWindow);
                windows.Put(activity, start, inWindow + 1);
                changedWindows.Add(start);
            }
        }
        if (added == 0)
        {
            return;
        }
        counts.Put(activity, total + added);
        context.Forward(record.With(activity, total + added), "counts-sink");
        foreach (var start in changedWindows)
        {
            windows.TryGet(activity, start, out var inWindow);
            context.Forward(record.With(SampleCountTopology.WindowKey(activity, start), inWindow).WithTimestamp(start), "windows-sink");
        }
    }
}
