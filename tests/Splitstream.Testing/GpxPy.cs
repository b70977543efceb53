using System.Text.Json;

namespace Splitstream.Testing;

/// <summary>
/// gpxpy (Debian's python3-gpxpy under <see cref="SystemPython"/>), the independent GPX reader.
/// </summary>
public static class GpxPy
{
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
        var stdout = SystemPython.Run(Script, files);
        return JsonSerializer.Deserialize<Dictionary<string, List<GpxPyPoint>>>(stdout, JsonSerializerOptions.Web)!
            .ToDictionary(e => e.Key, e => (IReadOnlyList<GpxPyPoint>)e.Value);
    }
}
