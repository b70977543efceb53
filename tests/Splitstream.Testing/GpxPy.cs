using System.Diagnostics;
using System.Text.Json;
using Xunit;

namespace Splitstream.Testing;

/// <summary>
/// gpxpy (Debian's python3-gpxpy under the system python3, installed by infra/prereqs.sh), the independent GPX reader.
/// Required: a machine without it fails the test rather than skipping the comparison.
/// </summary>
public static class GpxPy
{
    private const string Python = "/usr/bin/python3";

    /// <summary>Every track point of each file as gpxpy reads it, by file name.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<GpxPyPoint>> Read(IEnumerable<string> files)
    {
        const string Script = """
            import gpxpy, json, os, sys
            out = {}
            for path in sys.argv[1:]:
                with open(path) as f:
                    g = gpxpy.parse(f)
                pts = []
                for t in g.tracks:
                    for s in t.segments:
                        for p in s.points:
                            hr = None
                            for e in p.extensions:
                                if e.tag.endswith('TrackPointExtension'):
                                    for c in e:
                                        if c.tag.endswith('hr'):
                                            hr = int(c.text)
                            pts.append({"lat": p.latitude, "lon": p.longitude, "ms": round(p.time.timestamp() * 1000), "ele": p.elevation, "hr": hr})
                out[os.path.basename(path)] = pts
            print(json.dumps(out))
            """;
        Assert.True(File.Exists(Python), Python + " is missing (infra/prereqs.sh installs python3-gpxpy)");
        var info = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(Script);
        foreach (var file in files)
        {
            info.ArgumentList.Add(file);
        }
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, "gpxpy could not read the export: " + stderr.Result);
        return JsonSerializer.Deserialize<Dictionary<string, List<GpxPyPoint>>>(stdout.Result, JsonSerializerOptions.Web)!
            .ToDictionary(e => e.Key, e => (IReadOnlyList<GpxPyPoint>)e.Value);
    }
}
