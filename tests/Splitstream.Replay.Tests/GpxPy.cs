using System.Diagnostics;

namespace Splitstream.Replay.Tests;

/// <summary>gpxpy (system python3), the independent GPX reader; the test uses it when the machine has it.</summary>
internal static class GpxPy
{
    private const string Python = "/usr/bin/python3";

    public static bool Available { get; } = File.Exists(Python) && Run("import gpxpy").ExitCode == 0;

    /// <summary>"&lt;file name&gt; &lt;points&gt; &lt;points with hr&gt;" per file.</summary>
    public static IReadOnlyList<string> Summarize(IEnumerable<string> files)
    {
        const string Script = """
            import gpxpy, os, sys
            for path in sys.argv[1:]:
                with open(path) as f:
                    g = gpxpy.parse(f)
                pts = [p for t in g.tracks for s in t.segments for p in s.points]
                hr = [p for p in pts if any(e.tag.endswith('TrackPointExtension') and any(c.tag.endswith('hr') for c in e) for e in p.extensions)]
                print(os.path.basename(path), len(pts), len(hr))
            """;
        var (exit, stdout, stderr) = Run(Script, files);
        Assert.True(exit == 0, "gpxpy could not read the export: " + stderr);
        return stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    private static (int ExitCode, string Stdout, string Stderr) Run(string script, IEnumerable<string>? args = null)
    {
        var info = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(script);
        foreach (var a in args ?? [])
        {
            info.ArgumentList.Add(a);
        }
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
