using System.Text.Json;
using System.Text.Json.Nodes;
using Confluent.Kafka;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Splitstream.Schemas;

namespace Splitstream.Platform;

/// <summary>
/// The embedded schema registry's store: schemas live in the single-partition <c>_schemas</c> topic (as Confluent's
/// registry keeps them), so a registry started again against the same cluster finds every id it handed out.
/// Ids are global and a schema text registered under several subjects keeps one id, as in Confluent's registry.
/// Every schema is parsed on registration (<see cref="ProtoSchemaParser"/>) and checked against the subject's
/// compatibility level (default BACKWARD, as in Confluent's registry); levels are kept in <c>_schemas</c> too.
/// </summary>
public sealed class KafkaSchemaRegistry : ISchemaRegistry, IDisposable
{
    public const string DefaultCompatibility = "BACKWARD";

    private readonly IProducer<string, string> producer;
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly List<RegisteredSchema> entries = [];
    private readonly Dictionary<int, FileDescriptorProto?> descriptors = [];
    private readonly Dictionary<string, string> subjectCompatibility = new(StringComparer.Ordinal);
    private string globalCompatibility = DefaultCompatibility;

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

    /// <summary>
    /// Registers a schema under a subject: the id it already has there, or a new version once the text parses and is
    /// compatible with the subject's earlier versions. Throws <see cref="ProtoSchemaParseException"/> (Confluent's 422)
    /// or <see cref="SchemaIncompatibleException"/> (409).
    /// </summary>
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
            var parsed = ProtoSchemaParser.Parse(schema);
            var level = subjectCompatibility.GetValueOrDefault(subject, globalCompatibility);
            var earlier = entries.Where(e => e.Subject == subject).OrderBy(e => e.Version).ToList();
            var differences = ProtoSchemaCompatibility.Check(level, [.. earlier.Select(Descriptor).OfType<FileDescriptorProto>()], parsed);
            if (differences.Count > 0)
            {
                throw new SchemaIncompatibleException(subject, level, earlier[^1].Version, differences);
            }
            var id = entries.FirstOrDefault(e => e.Schema == schema)?.Id ?? (entries.Count == 0 ? 1 : entries.Max(e => e.Id) + 1);
            var version = earlier.Select(e => e.Version).DefaultIfEmpty(0).Max() + 1;
            var entry = new RegisteredSchema(id, subject, version, schema);
            // Acknowledged by the cluster before the id is handed out: an id is never given twice.
            await producer.ProduceAsync(Topics.Schemas, new Message<string, string>
            {
                Key = JsonSerializer.Serialize(new { subject, version }),
                Value = JsonSerializer.Serialize(entry),
            }, cancellationToken);
            entries.Add(entry);
            descriptors[id] = parsed;
            return id;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// What registering <paramref name="schema"/> would refuse, against one version of the subject (-1: the latest) or,
    /// with <paramref name="version"/> null, against the versions its compatibility level names.
    /// </summary>
    public Task<IReadOnlyList<ProtoSchemaDifference>> TestCompatibilityAsync(string subject, int? version, string schema,
        CancellationToken cancellationToken = default) =>
        Read<IReadOnlyList<ProtoSchemaDifference>>(() =>
        {
            var parsed = ProtoSchemaParser.Parse(schema);
            var ofSubject = entries.Where(e => e.Subject == subject).OrderBy(e => e.Version).ToList();
            if (ofSubject.Count == 0)
            {
                throw new SchemaNotFoundException($"Subject '{subject}' not found.", 40401);
            }
            var level = subjectCompatibility.GetValueOrDefault(subject, globalCompatibility);
            if (version is { } v)
            {
                var against = (v == -1 ? ofSubject[^1] : ofSubject.FirstOrDefault(e => e.Version == v))
                    ?? throw new SchemaNotFoundException($"Version {v} not found.", 40402);
                // Against one named version the level's direction applies, never its transitivity.
                ofSubject = [against];
                level = level.Replace("_TRANSITIVE", "", StringComparison.Ordinal);
            }
            return ProtoSchemaCompatibility.Check(level, [.. ofSubject.Select(Descriptor).OfType<FileDescriptorProto>()], parsed);
        });

    /// <summary>The schema with the given id as a serialized FileDescriptorProto (what <c>format=serialized</c> answers).</summary>
    public Task<byte[]> GetSerializedAsync(int id, CancellationToken cancellationToken = default) =>
        Read(() =>
        {
            var entry = entries.FirstOrDefault(e => e.Id == id) ?? throw new SchemaNotFoundException($"Schema {id} not found", 40403);
            return (Descriptor(entry) ?? throw new ProtoSchemaParseException($"schema {id} is not a .proto file this registry can read"))
                .ToByteArray();
        });

    /// <summary>Every (subject, version) that holds the schema with the given id.</summary>
    public Task<IReadOnlyList<(string Subject, int Version)>> GetSubjectVersionsAsync(int id, CancellationToken cancellationToken = default) =>
        Read<IReadOnlyList<(string, int)>>(() =>
        {
            var found = entries.Where(e => e.Id == id).OrderBy(e => e.Subject, StringComparer.Ordinal).ThenBy(e => e.Version)
                .Select(e => (e.Subject, e.Version)).ToList();
            return found.Count > 0 ? found : throw new SchemaNotFoundException($"Schema {id} not found", 40403);
        });

    /// <summary>The compatibility level of a subject (null subject: the global one); null when the subject has none of its own.</summary>
    public Task<string?> GetCompatibilityAsync(string? subject, bool defaultToGlobal, CancellationToken cancellationToken = default) =>
        Read(() => subject is null ? globalCompatibility
            : subjectCompatibility.TryGetValue(subject, out var level) ? level
            : defaultToGlobal ? globalCompatibility : null);

    /// <summary>Sets (or, with a null level, removes) the compatibility level of a subject, or the global one; kept in <c>_schemas</c>.</summary>
    public async Task SetCompatibilityAsync(string? subject, string? level, CancellationToken cancellationToken = default)
    {
        if (level is not null && !ProtoSchemaCompatibility.Levels.Contains(level))
        {
            throw new ArgumentException($"Invalid compatibility level '{level}'", nameof(level));
        }
        await gate.WaitAsync(cancellationToken);
        try
        {
            await producer.ProduceAsync(Topics.Schemas, new Message<string, string>
            {
                Key = JsonSerializer.Serialize(new { keytype = "CONFIG", subject }),
                Value = JsonSerializer.Serialize(new { compatibilityLevel = level }),
            }, cancellationToken);
            ApplyCompatibility(subject, level);
        }
        finally
        {
            gate.Release();
        }
    }

    public Task<RegisteredSchema> GetByIdAsync(int id, CancellationToken cancellationToken = default) =>
        Read(() => entries.FirstOrDefault(e => e.Id == id) ?? throw new SchemaNotFoundException($"Schema {id} not found", 40403));

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

    /// <summary>The parsed schema of an entry, cached by id; null for a text registered before schemas were parsed that is no .proto.</summary>
    private FileDescriptorProto? Descriptor(RegisteredSchema entry)
    {
        if (!descriptors.TryGetValue(entry.Id, out var descriptor))
        {
            try
            {
                descriptor = ProtoSchemaParser.Parse(entry.Schema);
            }
            catch (ProtoSchemaParseException)
            {
                descriptor = null;
            }
            descriptors[entry.Id] = descriptor;
        }
        return descriptor;
    }

    private void ApplyCompatibility(string? subject, string? level)
    {
        if (subject is null)
        {
            globalCompatibility = level ?? DefaultCompatibility;
        }
        else if (level is null)
        {
            subjectCompatibility.Remove(subject);
        }
        else
        {
            subjectCompatibility[subject] = level;
        }
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
            var key = JsonNode.Parse(record.Message.Key);
            if (key?["keytype"]?.GetValue<string>() == "CONFIG")
            {
                ApplyCompatibility(key["subject"]?.GetValue<string>(), JsonNode.Parse(record.Message.Value)?["compatibilityLevel"]?.GetValue<string>());
            }
            else if (JsonSerializer.Deserialize<RegisteredSchema>(record.Message.Value) is { } entry
                && !entries.Any(e => e.Subject == entry.Subject && e.Version == entry.Version))
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
