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
        ReconcileWithSeen();
    }

    /// <summary>
    /// The seen set is the truth; totals and open windows are derived from it. A commit whose changelog writes were
    /// only partly acknowledged (a produce failure that stopped the instance) can restore a total that counts samples
    /// the seen set doesn't have: the input is then processed again and would be counted twice. Recomputing the derived
    /// state from the seen set after every restore makes a replay land on the same numbers.
    /// </summary>
    private void ReconcileWithSeen()
    {
        var totals = new Dictionary<string, long>();
        var open = new Dictionary<(string Activity, long Start), long>();
        foreach (var (key, time) in seen.All())
        {
            var activity = key[..key.LastIndexOf('|', key.LastIndexOf('|') - 1)];
            totals[activity] = totals.GetValueOrDefault(activity) + 1;
            foreach (var start in windows.Windows.WindowStartsFor(time))
            {
                if (!windows.Windows.IsClosed(start, context.StreamTime))
                {
                    open[(activity, start)] = open.GetValueOrDefault((activity, start)) + 1;
                }
            }
        }
        foreach (var (activity, stored) in counts.All().ToList())
        {
            if (!totals.ContainsKey(activity))
            {
                counts.Delete(activity);
            }
        }
        foreach (var (activity, total) in totals)
        {
            if (!counts.TryGet(activity, out var stored) || stored != total)
            {
                counts.Put(activity, total);
            }
        }
        foreach (var ((activity, start), count) in open)
        {
            if (!windows.TryGet(activity, start, out var stored) || stored != count)
            {
                windows.Put(activity, start, count);
            }
        }
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
