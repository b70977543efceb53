namespace Splitstream.Replay;

/// <summary>
/// One re-run: the topology, the new application id, the suffix of its output topics, changed settings, and whether
/// it resumes an interrupted run of the same id. Its manifest is kept under <see cref="StateDirectory"/>.
/// </summary>
public sealed record RerunRequest(string ApplicationId, string OutputSuffix)
{
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    public bool Resume { get; init; }

    public string StateDirectory { get; init; } = Path.Combine(".data", "replay");

    /// <summary>How often input offsets are committed; also how soon progress shows.</summary>
    public TimeSpan CommitInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Give up when the committed offsets have not moved for this long.</summary>
    public TimeSpan StallTimeout { get; init; } = TimeSpan.FromMinutes(2);

    public string OutputTopic(string liveTopic) => $"{liveTopic}.{OutputSuffix}";
}
