using System.Globalization;
using System.Xml.Linq;
using Splitstream.Ingest;
using Splitstream.Testing;

namespace Splitstream.Geo.Tests;

/// <summary>
/// A real device file of <c>../shared/data/real</c> (see its README), read with the gateway's own parser, as the
/// topology would see it: positioned samples in time order, one per time (the timeline deduplicates by time).
/// </summary>
internal sealed record RealTrackFile(string Name, Sport Sport, IReadOnlyList<TrackSample> Samples, double? DeviceDistanceM)
{
    public static string Directory => Path.Combine(RepoPaths.Root, "..", "shared", "data", "real");

    /// <summary>The clean files: every GPX/TCX file but the Cerknica hike (a 330 km/h glitch and car/bike stretches).</summary>
    public static IReadOnlyList<string> CleanFiles { get; } =
    [
        "dblock-fr305-run-2009-binghamton.tcx",
        "dblock-fr910xt-run-2014-slovenia.tcx",
        "dblock-fr910xt-run-2016-croatia.tcx",
        "dblock-fr945-run-2025-nyc.tcx",
        "dblock-vivoactive-walk-2018-maribor.tcx",
        "sportslib-amazfit-run-helsinki.gpx",
        "sportslib-edge1000-ride-grenoble.tcx",
        "sportslib-fr945-run-nj.tcx",
        "sportslib-garminconnect-fr945-run-nj.gpx",
        "sportslib-garminconnect-ride-grenoble.gpx",
    ];

    public static IReadOnlyList<string> AllFiles { get; } = [.. CleanFiles, "gpxpy-gpsbabel-garmin-hike-cerknica.gpx"];

    public string FilePath => Path.Combine(Directory, Name);

    public bool IsGpx => Name.EndsWith(".gpx", StringComparison.Ordinal);

    public static RealTrackFile Load(string name)
    {
        var path = Path.Combine(Directory, name);
        var bytes = File.ReadAllBytes(path);
        var parsed = TrackFileParser.Parse(bytes, maxPoints: 1_000_000);
        Assert.True(parsed.IsValid, $"{name}: {string.Join("; ", parsed.Errors.Select(e => e.Field + " " + e.Message))}");
        var byTime = new SortedDictionary<long, TrackSample>();
        foreach (var s in parsed.Samples)
        {
            if (s.HasPosition) byTime.TryAdd(s.TimeMs, new TrackSample(s.TimeMs, s.Lat!.Value, s.Lon!.Value, s.Ele, s.Acc));
        }
        // The sport is in the file name (the walk declares Sport="Other", which the gateway does not map).
        var sport = name.Contains("-ride-", StringComparison.Ordinal) ? Sport.Ride
            : name.Contains("-walk-", StringComparison.Ordinal) ? Sport.Walk
            : name.Contains("-hike-", StringComparison.Ordinal) ? Sport.Hike
            : Sport.Run;
        return new RealTrackFile(name, sport, [.. byTime.Values], DeviceDistance(path));
    }

    /// <summary>The device's own odometer at the last trackpoint (TCX <c>DistanceMeters</c>), for TCX files.</summary>
    private static double? DeviceDistance(string path)
    {
        if (!path.EndsWith(".tcx", StringComparison.Ordinal)) return null;
        XNamespace tcx = "http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2";
        var last = XDocument.Load(path).Descendants(tcx + "Trackpoint").Elements(tcx + "DistanceMeters").LastOrDefault();
        return last is null ? null : double.Parse(last.Value, CultureInfo.InvariantCulture);
    }
}
