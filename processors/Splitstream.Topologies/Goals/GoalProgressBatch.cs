using Confluent.Kafka;
using Splitstream.Processors.Sinks;
using Splitstream.Schemas;
using Splitstream.Schemas.V1;
using Splitstream.Store;

namespace Splitstream.Processors.Goals;

/// <summary>Progress from goal.progress.v1 into the store; within a batch only the last value per (user, goal, period) is written.</summary>
public sealed class GoalProgressBatch(IGoalStore store, ISchemaRegistry registry, int maxRecords) : ISinkBatch
{
    private readonly ProtobufDeserializer<GoalProgress> deserializer = new(registry, GoalProgress.Parser);
    private readonly Dictionary<(string, string, string), GoalProgress> latest = [];
    private int count;

    public bool IsEmpty => count == 0;

    public bool IsFull => count >= maxRecords;

    public void Add(ConsumeResult<byte[], byte[]> record)
    {
        count++;
        if (record.Message.Value is null)
        {
            return;
        }
        var progress = deserializer.Deserialize(record);
        if (progress.UserId.Length == 0 || progress.GoalId.Length == 0 || progress.PeriodKey.Length == 0)
        {
            throw new RecordDecodeException(record.Topic, record.Partition.Value, record.Offset.Value, "goal progress lacks user_id, goal_id or period_key");
        }
        latest[(progress.UserId, progress.GoalId, progress.PeriodKey)] = progress;
    }

    public Task WriteAsync(CancellationToken cancellationToken) => store.UpsertGoalProgressAsync([.. latest.Values], cancellationToken);

    public void Clear()
    {
        latest.Clear();
        count = 0;
    }
}
