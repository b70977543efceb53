namespace Splitstream.Schemas;

/// <summary>
/// A topic the platform creates: name, partition count, whether it is compacted (latest value per key wins), and
/// whether it is kept forever (lifecycle topics whose every record matters, where compaction would keep only a key's
/// last event). Topics neither compacted nor kept forever are telemetry-like: they get <c>Kafka:TelemetryRetention</c>.
/// </summary>
public sealed record TopicSpec(string Name, int Partitions, bool Compacted, bool KeepForever = false);
