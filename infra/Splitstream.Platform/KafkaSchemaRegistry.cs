using System.Text.Json;
using Confluent.Kafka;
using Splitstream.Schemas;

namespace Splitstream.Platform;

/// <summary>
/// The embedded schema registry's store: schemas live in the single-partition <c>_schemas</c> topic (as Confluent's
/// registry keeps them), so a registry started again against the same cluster finds every id it handed out.
/// Ids are global and a schema text registered under several subjects keeps one id, as in Confluent's registry.
/// </summary>
public sealed class KafkaSchemaRegistry : ISchemaRegistry, IDisposable
{
    private readonly IProducer<string, string> producer;
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly List<RegisteredSchema> entries = [];

    private KafkaSchemaRegistry(IProducer<string, string> producer) => this.producer = producer;

    /// <summary>Opens the registry, reading the whole <c>_schemas</c> topic first.</summary>
    public static async Task<KafkaSchemaRegistry> OpenAsync(string bootstrapServers, CancellationToken cancellationToken = default)
    {
        var producer = new ProducerBuilder<string, string>(new ProducerConfig
        {
            BootstrapServers = bootstrapServers,
            EnableIdempotence = true,
            Acks = Acks.All,
            LingerMs = 0,
        }).Build();
        var registry = new KafkaSchemaRegistry(producer);
        await Task.Run(() => registry.Restore(bootstrapServers, cancellationToken), cancellationToken);
        return registry;
    }

    public async Task<int> RegisterAsync(string subject, string schema, CancellationToken cancellationToken = default)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            var existing = entries.FirstOrDefault(e => e.Subject == subject && e.Schema == schema);
            if (existing is not null)
            {
                return existing.Id;
            }
            var id = entries.FirstOrDefault(e => e.Schema == schema)?.Id ?? (entries.Count == 0 ? 1 : entries.Max(e => e.Id) + 1);
            var version = entries.Where(e => e.Subject == subject).Select(e => e.Version).DefaultIfEmpty(0).Max() + 1;
            var entry = new RegisteredSchema(id, subject, version, schema);
            // Acknowledged by the cluster before the id is handed out: an id is never given twice.
            await producer.ProduceAsync(Topics.Schemas, new Message<string, string>
            {
                Key = JsonSerializer.Serialize(new { subject, version }),
                Value = JsonSerializer.Serialize(entry),
            }, cancellationToken);
            entries.Add(entry);
            return id;
        }
        finally
        {
            gate.Release();
        }
    }

    public Task<RegisteredSchema> GetByIdAsync(int id, CancellationToken cancellationToken = default) =>
        Read(() => entries.FirstOrDefault(e => e.Id == id) ?? throw new SchemaNotFoundException("Schema not found", 40403));

    public Task<IReadOnlyList<string>> GetSubjectsAsync(CancellationToken cancellationToken = default) =>
        Read<IReadOnlyList<string>>(() => entries.Select(e => e.Subject).Distinct().Order(StringComparer.Ordinal).ToList());

    public Task<IReadOnlyList<int>> GetVersionsAsync(string subject, CancellationToken cancellationToken = default) =>
        Read<IReadOnlyList<int>>(() =>
        {
            var versions = entries.Where(e => e.Subject == subject).Select(e => e.Version).Order().ToList();
            return versions.Count > 0 ? versions : throw new SchemaNotFoundException("Subject not found", 40401);
        });

    public Task<RegisteredSchema> GetVersionAsync(string subject, int version, CancellationToken cancellationToken = default) =>
        Read(() =>
        {
            var ofSubject = entries.Where(e => e.Subject == subject).ToList();
            if (ofSubject.Count == 0)
            {
                throw new SchemaNotFoundException("Subject not found", 40401);
            }
            // Version -1 is "latest", as in the REST API.
            return (version == -1 ? ofSubject.MaxBy(e => e.Version) : ofSubject.FirstOrDefault(e => e.Version == version))
                ?? throw new SchemaNotFoundException("Version not found", 40402);
        });

    public void Dispose()
    {
        producer.Flush(TimeSpan.FromSeconds(5));
        producer.Dispose();
        gate.Dispose();
    }

    private async Task<T> Read<T>(Func<T> read)
    {
        await gate.WaitAsync();
        try
        {
            return read();
        }
        finally
        {
            gate.Release();
        }
    }

    private void Restore(string bootstrapServers, CancellationToken cancellationToken)
    {
        using var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = "splitstream-schema-registry",
            EnableAutoCommit = false,
        }).Build();
        var partition = new TopicPartition(Topics.Schemas, 0);
        var end = consumer.QueryWatermarkOffsets(partition, TimeSpan.FromSeconds(30)).High;
        if (end.Value == 0)
        {
            return;
        }
        consumer.Assign(new TopicPartitionOffset(partition, Offset.Beginning));
        while (!cancellationToken.IsCancellationRequested)
        {
            var record = consumer.Consume(TimeSpan.FromSeconds(1));
            if (record is null)
            {
                continue;
            }
            var entry = JsonSerializer.Deserialize<RegisteredSchema>(record.Message.Value);
            if (entry is not null && !entries.Any(e => e.Subject == entry.Subject && e.Version == entry.Version))
            {
                entries.Add(entry);
            }
            if (record.Offset.Value + 1 >= end.Value)
            {
                return;
            }
        }
        cancellationToken.ThrowIfCancellationRequested();
    }
}
