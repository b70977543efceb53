using System.Text.Json;

namespace Splitstream.Simulator;

/// <summary>Finds the gateway of a running <c>make run</c> through <c>.data/run.json</c> (DESIGN §1).</summary>
public static class RunInfoReader
{
    public static string IngestUrl(string runInfoPath)
    {
        if (!File.Exists(runInfoPath))
        {
            throw new FileNotFoundException($"no gateway URL given and {runInfoPath} not found (is `make run` up? else pass --url)", runInfoPath);
        }
        using var json = JsonDocument.Parse(File.ReadAllText(runInfoPath));
        return json.RootElement.TryGetProperty("ingest_url", out var url) && url.GetString() is { Length: > 0 } value
            ? value
            : throw new InvalidDataException($"{runInfoPath} has no ingest_url");
    }

    /// <summary>The query API of a running <c>make run</c> (where its race is created), if run.json names one.</summary>
    public static string? QueryUrl(string runInfoPath)
    {
        if (!File.Exists(runInfoPath))
        {
            return null;
        }
        using var json = JsonDocument.Parse(File.ReadAllText(runInfoPath));
        return json.RootElement.TryGetProperty("query_url", out var url) && url.GetString() is { Length: > 0 } value ? value : null;
    }
}
