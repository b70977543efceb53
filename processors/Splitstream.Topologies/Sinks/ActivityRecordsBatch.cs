using Confluent.Kafka;
using Splitstream.Schemas;
using Splitstream.Schemas.V1;
using Splitstream.Store;
using ActivityEvent = Splitstream.Schemas.V1.ActivityEvent;

namespace Splitstream.Processors.Sinks;

/// <summary>
/// Summaries (latest wins), window metrics and lifecycle events as keyed upserts. Within a batch only the last summary
/// of an activity is written: the same result as writing each, in fewer statements.
/// </summary>
public sealed class ActivityRecordsBatch(IActivityStore store, ISchemaRegistry registry, int maxRecords) : ISinkBatch
{
    private readonly ProtobufDeserializer<ActivitySummary> summaryDeserializer = new(registry, ActivitySummary.Parser);
    private readonly ProtobufDeserializer<WindowMetrics> windowDeserializer = new(registry, WindowMetrics.Parser);
    private readonly ProtobufDeserializer<ActivityEvent> eventDeserializer = new(registry, ActivityEvent.Parser);
    private readonly Dictionary<string, ActivitySummary> summaries = [];
    private readonly List<WindowMetrics> windows = [];
    private readonly List<ActivityEvent> events = [];
    private int count;

    public static IReadOnlyList<string> Topics { get; } =
        [Schemas.Topics.ActivityEvents, Schemas.Topics.ActivitySummary, Schemas.Topics.ActivityMetrics];

    public bool IsEmpty => count == 0;

    public bool IsFull => count >= maxRecords;

    public void Add(ConsumeResult<byte[], byte[]> record)
    {
        if (record.Message.Value is null)
        {
            // A tombstone on the compacted summary topic: nothing to upsert (deletion is not part of the contract yet).
            return;
        }
        switch (record.Topic)
        {
            case Schemas.Topics.ActivitySummary:
                var summary = summaryDeserializer.Deserialize(record);
                Require(summary.ActivityId.Length > 0 && summary.UserId.Length > 0, record, "summary lacks activity_id or user_id");
                summaries[summary.ActivityId] = summary;
                break;
            case Schemas.Topics.ActivityMetrics:
                var window = windowDeserializer.Deserialize(record);
                Require(window.ActivityId.Length > 0, record, "window metrics lack activity_id");
                windows.Add(window);
                break;
            case Schemas.Topics.ActivityEvents:
                var e = eventDeserializer.Deserialize(record);
                Require(e.ActivityId.Length > 0 && e.KindCase != ActivityEvent.KindOneofCase.None, record, "event lacks activity_id or kind");
                Require(e.KindCase != ActivityEvent.KindOneofCase.Started || e.Started.UserId.Length > 0, record, "started event lacks user_id");
                events.Add(e);
                break;
            default:
                throw new InvalidOperationException("activity sink consumed from unexpected topic " + record.Topic);
        }
        count++;
    }

    public async Task WriteAsync(CancellationToken cancellationToken)
    {
        // One transaction, events first: a Started creates the activity, and a summary in the same batch then completes it.
        await store.WriteActivityRecordsAsync(events, [.. summaries.Values], windows, cancellationToken);
    }

    public void Clear()
    {
        summaries.Clear();
        windows.Clear();
        events.Clear();
        count = 0;
    }

    private static void Require(bool condition, ConsumeResult<byte[], byte[]> record, string reason)
    {
        if (!condition)
        {
            throw new RecordDecodeException(record.Topic, record.Partition.Value, record.Offset.Value, reason);
        }
    }
}
