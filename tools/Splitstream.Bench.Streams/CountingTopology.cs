using Splitstream.Schemas;
using Splitstream.Schemas.V1;
using Splitstream.Streams;

namespace Splitstream.Bench.Streams;

/// <summary>
/// A light stateful topology (samples per activity in a changelogged store): the runtime's own cost with little
/// topology work. Upserts go out per record, or only for changed keys on a 100 ms wall-clock punctuator (what a
/// record cache in front of a sink does).
/// </summary>
internal static class CountingTopology
{
    public static Topology Build(ISchemaRegistry registry, string gpsTopic, string outputTopic, bool emitOnPunctuation) =>
        new TopologyBuilder()
            .AddSource("gps", Serdes.String, Serdes.ProtobufReader(registry, GpsBatch.Parser), gpsTopic)
            .AddProcessor("count", () => new Counter(emitOnPunctuation), "gps")
            .AddStateStore(Stores.KeyValue("counts", Serdes.String, Serdes.Int64), "count")
            .AddSink("out", outputTopic, Serdes.String, Serdes.Int64, "count")
            .Build();

    private sealed class Counter(bool emitOnPunctuation) : IProcessor<string, GpsBatch>
    {
        private readonly Dictionary<string, Record<string, long>> changed = [];
        private IProcessorContext context = null!;
        private IKeyValueStore<string, long> counts = null!;

        public void Init(IProcessorContext context)
        {
            this.context = context;
            counts = context.GetStateStore<IKeyValueStore<string, long>>("counts");
            if (emitOnPunctuation)
            {
                context.Schedule(TimeSpan.FromMilliseconds(100), PunctuationType.WallClockTime, _ => Emit());
            }
        }

        public void Process(Record<string, GpsBatch> record)
        {
            counts.TryGet(record.Key, out var count);
            count += record.Value.Samples.Count;
            counts.Put(record.Key, count);
            if (emitOnPunctuation)
            {
                changed[record.Key] = record.With(record.Key, count);
            }
            else
            {
                context.Forward(record.With(record.Key, count));
            }
        }

        public void Close() => Emit();

        private void Emit()
        {
            foreach (var record in changed.Values)
            {
                context.Forward(record);
            }
            changed.Clear();
        }
    }
}
