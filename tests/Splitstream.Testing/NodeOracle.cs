using System.Diagnostics;
using System.Text.Json;
using Xunit;

namespace Splitstream.Testing;

/// <summary>
/// An npm package run by node as a test oracle: a directory under a test project with a package.json, the lock file
/// committed next to it, and the scripts that call the package. <see cref="Install"/> runs <c>npm ci</c> once per
/// machine (skipped when the locked version of the package is already installed), so a fresh clone needs only node
/// and npm on the path.
/// </summary>
public sealed class NodeOracle
{
    private readonly Lazy<string> directory;

    /// <param name="testProject">The test project's folder under tests/.</param>
    /// <param name="folder">The oracle's folder inside the test project.</param>
    /// <param name="package">The npm package whose locked version decides whether to install.</param>
    public NodeOracle(string testProject, string folder, string package) =>
        directory = new(() => Install(Path.Combine(RepoPaths.Root, "tests", testProject, folder), package), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Runs <c>node script arguments…</c> in the oracle's folder and returns its standard output; fails the test on a non-zero exit.</summary>
    public string Node(string script, params string[] arguments)
    {
        var (code, output, error) = Run("node", directory.Value, [Path.Combine(directory.Value, script), .. arguments]);
        Assert.True(code == 0, $"node {script} {string.Join(' ', arguments)} failed ({code}): {error}");
        return output;
    }

    private static string Install(string directory, string package)
    {
        var installed = Path.Combine(directory, "node_modules", package, "package.json");
        var locked = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, "package-lock.json")))
            .RootElement.GetProperty("packages").GetProperty("node_modules/" + package).GetProperty("version").GetString();
        if (!File.Exists(installed) || JsonDocument.Parse(File.ReadAllText(installed)).RootElement.GetProperty("version").GetString() != locked)
        {
            var (code, _, error) = Run("npm", directory, ["ci", "--no-audit", "--no-fund"]);
            Assert.True(code == 0, $"npm ci in {directory} failed ({code}): {error}");
        }
        return directory;
    }

    private static (int Code, string Output, string Error) Run(string file, string directory, string[] arguments)
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
