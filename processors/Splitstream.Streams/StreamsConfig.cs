namespace Splitstream.Streams;

/// <summary>Configuration of one runtime instance. The application id is the consumer group and prefixes the changelog topics.</summary>
public sealed record StreamsConfig
{
    public required string ApplicationId { get; init; }

    public required string BootstrapServers { get; init; }

    /// <summary>Names this instance's clients (shows in broker logs and group descriptions).</summary>
    public string ClientId { get; init; } = Environment.MachineName;

    /// <summary>How often processed input is committed (after outputs and changelog writes are acknowledged).</summary>
    public TimeSpan CommitInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>A commit also happens after this many records, whichever comes first.</summary>
    public int CommitRecords { get; init; } = 50_000;

    /// <summary>At most this many records are polled before they are processed.</summary>
    public int MaxPollRecords { get; init; } = 2_000;

    public TimeSpan PollTimeout { get; init; } = TimeSpan.FromMilliseconds(50);

    public string DeadLetterTopic { get; init; } = Splitstream.Schemas.Topics.DeadLetter;

    /// <summary>How long a member may go silent before the group reassigns its partitions.</summary>
    public int SessionTimeoutMs { get; init; } = 6_000;

    /// <summary>
    /// Root of the local state of persistent stores: task p of this application keeps its stores and its
    /// <c>.checkpoint</c> in <c>&lt;StateDir&gt;/&lt;ApplicationId&gt;/&lt;p&gt;</c> (directories 0700). Two instances on one
    /// machine need two state dirs.
    /// </summary>
    public string StateDir { get; init; } = Path.Combine(".data", "state");

    /// <summary>How often, at most, a task's checkpoint is rewritten after a commit (every clean close writes it too).</summary>
    public TimeSpan CheckpointInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Extra librdkafka properties for every client (security settings and the like).</summary>
    public IReadOnlyDictionary<string, string> Kafka { get; init; } = new Dictionary<string, string>();

    /// <summary>Extra librdkafka properties for the consumers only (e.g. <c>fetch.wait.max.ms</c>), applied after <see cref="Kafka"/>.</summary>
    public IReadOnlyDictionary<string, string> ConsumerKafka { get; init; } = new Dictionary<string, string>();
}
