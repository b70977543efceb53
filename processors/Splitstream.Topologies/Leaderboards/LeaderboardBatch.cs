using Confluent.Kafka;
using Splitstream.Processors.Sinks;
using Splitstream.Schemas;
using Splitstream.Schemas.V1;
using Splitstream.Store;

namespace Splitstream.Processors.Leaderboards;

/// <summary>Boards from leaderboards.v1 into the store; within a batch only the last version of a board is written (latest wins).</summary>
public sealed class LeaderboardBatch(ILeaderboardStore store, ISchemaRegistry registry, int maxRecords) : ISinkBatch
{
    private readonly ProtobufDeserializer<Leaderboard> deserializer = new(registry, Leaderboard.Parser);
    private readonly Dictionary<string, Leaderboard> boards = [];
    private readonly List<string> order = [];
    private int count;

    public bool IsEmpty => count == 0;

    public bool IsFull => count >= maxRecords;

    public void Add(ConsumeResult<byte[], byte[]> record)
    {
        count++;
        if (record.Message.Value is null)
        {
            // A tombstone on the compacted topic: the topology never writes one (an emptied board is an empty board).
            return;
        }
        var board = deserializer.Deserialize(record);
        if (board.BoardId.Length == 0)
        {
            throw new RecordDecodeException(record.Topic, record.Partition.Value, record.Offset.Value, "leaderboard lacks board_id");
        }
        if (!boards.ContainsKey(board.BoardId))
        {
            order.Add(board.BoardId);
        }
        boards[board.BoardId] = board;
    }

    public Task WriteAsync(CancellationToken cancellationToken) => store.ReplaceLeaderboardsAsync([.. order.Select(id => boards[id])], cancellationToken);

    public void Clear()
    {
        boards.Clear();
        order.Clear();
        count = 0;
    }
}
