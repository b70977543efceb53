using System.Text.Json;
using Splitstream.Schemas;

namespace Splitstream.Platform.Archive;

/// <summary>The archive's two small state files: the topics it holds (with their settings) and the saved consumer offsets.</summary>
internal static class ArchiveFiles
{
    private const string TopicsFile = "topics.json";
    private const string GroupsFile = "consumer-offsets.json";

    public static List<TopicSpec> ReadTopics(string root) => Read<List<TopicSpec>>(Path.Combine(root, TopicsFile)) ?? [];

    public static void WriteTopics(string root, IEnumerable<TopicSpec> topics) =>
        PrivateFiles.WriteAtomically(Path.Combine(root, TopicsFile), JsonSerializer.SerializeToUtf8Bytes(topics.OrderBy(t => t.Name, StringComparer.Ordinal)));

    public static Dictionary<string, List<CommittedOffset>> ReadGroups(string root) =>
        Read<Dictionary<string, List<CommittedOffset>>>(Path.Combine(root, GroupsFile)) ?? [];

    public static void WriteGroups(string root, IReadOnlyDictionary<string, List<CommittedOffset>> groups) =>
        PrivateFiles.WriteAtomically(Path.Combine(root, GroupsFile), JsonSerializer.SerializeToUtf8Bytes(groups));

    private static T? Read<T>(string path) where T : class =>
        File.Exists(path) ? JsonSerializer.Deserialize<T>(File.ReadAllBytes(path)) : null;
}
