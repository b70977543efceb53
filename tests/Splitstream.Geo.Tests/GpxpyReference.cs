using System.Globalization;
using Splitstream.Testing;

namespace Splitstream.Geo.Tests;

/// <summary>
/// Independent reference for elevation gain: gpxpy's <c>get_uphill_downhill()</c> (Debian's python3-gpxpy, run by the
/// system interpreter). gpxpy smooths each elevation with its neighbours (0.3, 0.4, 0.3) and sums every rise. A GPX
/// file is parsed by gpxpy itself; a TCX file (gpxpy reads no TCX) is given as the elevations of its positioned
/// trackpoints, in order, as one segment, which is what gpxpy would see in the same track written as GPX.
/// </summary>
internal static class GpxpyReference
{
    private const string FileScript = """
        import sys, gpxpy
        with open(sys.argv[1]) as f:
            gpx = gpxpy.parse(f)
        print(repr(gpx.get_uphill_downhill().uphill))
        """;

    private const string ElevationsScript = """
        import sys
        from gpxpy.geo import calculate_uphill_downhill
        elevations = [float(x) for x in sys.stdin.read().split()]
        print(repr(calculate_uphill_downhill(elevations)[0]))
        """;

    public static double UphillOfGpxFile(string path) => Run(FileScript, [path], stdin: null);

    public static double UphillOfElevations(IEnumerable<double> elevations) =>
        Run(ElevationsScript, [], string.Join('\n', elevations.Select(e => e.ToString("R", CultureInfo.InvariantCulture))));

    private static double Run(string script, IReadOnlyList<string> arguments, string? stdin) =>
        double.Parse(SystemPython.Run(script, arguments, stdin).Trim(), CultureInfo.InvariantCulture);
}
