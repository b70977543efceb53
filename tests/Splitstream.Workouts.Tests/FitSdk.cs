using System.Diagnostics;
using System.Text.Json;

namespace Splitstream.Workouts.Tests;

/// <summary>
/// Garmin's official FIT SDK for JavaScript (<c>@garmin/fitsdk</c>, the version pinned in fitsdk/package-lock.json), the
/// independent oracle of these tests: installed once per machine with <c>npm ci</c> (idempotent: skipped when the
/// lock's version is already there), then run through the scripts in <c>fitsdk/</c>.
/// </summary>
public static class FitSdk
{
    private static readonly Lazy<string> Directory = new(Install, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>What the SDK's Decoder read: integrity check, errors, records (semicircles, epoch ms), laps, sessions, events.</summary>
    public static JsonElement Decode(string fitFile) => JsonDocument.Parse(Node("decode.mjs", fitFile)).RootElement;

    /// <summary>Writes the generated FIT cases (see fitsdk/generate.mjs) into <paramref name="directory"/>.</summary>
    public static void Generate(string directory) => Node("generate.mjs", directory);

    private static string Node(string script, string argument)
    {
        var (code, output, error) = Run("node", Directory.Value, Path.Combine(Directory.Value, script), argument);
        Assert.True(code == 0, $"node {script} {argument} failed ({code}): {error}");
        return output;
    }

    private static string Install()
    {
        var directory = Path.Combine(RepoPaths.Root, "tests", "Splitstream.Workouts.Tests", "fitsdk");
        var installed = Path.Combine(directory, "node_modules", "@garmin", "fitsdk", "package.json");
        var locked = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, "package-lock.json")))
            .RootElement.GetProperty("packages").GetProperty("node_modules/@garmin/fitsdk").GetProperty("version").GetString();
        if (!File.Exists(installed) || JsonDocument.Parse(File.ReadAllText(installed)).RootElement.GetProperty("version").GetString() != locked)
        {
            var (code, _, error) = Run("npm", directory, "ci", "--no-audit", "--no-fund");
            Assert.True(code == 0, $"npm ci in {directory} failed ({code}): {error}");
        }
        return directory;
    }

    private static (int Code, string Output, string Error) Run(string file, string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', arguments)} did not finish in 3 minutes");
        }
        return (process.ExitCode, output.Result, error.Result);
    }
}
