using System.Text.Json;
using System.Text.Json.Serialization;

namespace Splitstream.Replay;

/// <summary>
/// What a re-run captured at its start and how far it got, in <c>&lt;state-dir&gt;/reruns/&lt;application-id&gt;.json</c>:
/// the input end offsets it runs to (a resumed run keeps them, so it stops where the first attempt would have), its
/// settings and its status (running, interrupted, failed, complete).
/// </summary>
public sealed record RerunManifest
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public required string Topology { get; init; }

    public required string ApplicationId { get; init; }

    public required string OutputSuffix { get; init; }

    public required Dictionary<string, string> Settings { get; init; }

    /// <summary>topic → partition → end offset (exclusive) captured at the first start.</summary>
    public required Dictionary<string, Dictionary<int, long>> InputEndOffsets { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public string Status { get; init; } = "running";

    public long CommittedRecords { get; init; }

    public long TotalRecords { get; init; }

    [JsonIgnore]
    public bool IsComplete => Status == "complete";

    public static string PathFor(string stateDirectory, string applicationId) =>
        System.IO.Path.Combine(stateDirectory, "reruns", applicationId + ".json");

    public static RerunManifest? Load(string path) =>
        File.Exists(path) ? JsonSerializer.Deserialize<RerunManifest>(File.ReadAllText(path), Json) : null;

    /// <summary>Written to a temporary file and renamed, like every output of the tool.</summary>
    public void Save(string path)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        var temp = AtomicFile.TempName(path);
        File.WriteAllText(temp, JsonSerializer.Serialize(this, Json));
        File.Move(temp, path, overwrite: true);
    }
}
