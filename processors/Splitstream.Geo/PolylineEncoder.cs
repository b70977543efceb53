using System.Text;

namespace Splitstream.Geo;

/// <summary>
/// Google encoded polyline (precision 5). Incremental: each appended point is written as the delta from the previous
/// rounded point, so a live activity's polyline grows in O(1) per point and never needs re-encoding.
/// </summary>
public sealed class PolylineEncoder
{
    private const double Scale = 1e5;

    private readonly StringBuilder _text;
    private long _previousLat;
    private long _previousLon;

    public PolylineEncoder()
    {
        _text = new StringBuilder();
    }

    private PolylineEncoder(PolylineEncoder source)
    {
        _text = new StringBuilder(source._text.ToString());
        _previousLat = source._previousLat;
        _previousLon = source._previousLon;
        PointCount = source.PointCount;
    }

    /// <summary>Number of points appended so far.</summary>
    public int PointCount { get; private set; }

    /// <summary>Characters encoded so far.</summary>
    public int Length => _text.Length;

    public void Append(double lat, double lon)
    {
        long rlat = Round(lat);
        long rlon = Round(lon);
        WriteSigned(rlat - _previousLat);
        WriteSigned(rlon - _previousLon);
        _previousLat = rlat;
        _previousLon = rlon;
        PointCount++;
    }

    /// <summary>
    /// Appends the point unless it rounds to the previous one: a standing athlete adds nothing to the polyline (its
    /// shape is the same), which keeps a live activity's encoded track proportional to ground covered.
    /// </summary>
    public bool AppendIfDistinct(double lat, double lon)
    {
        if (PointCount > 0 && Round(lat) == _previousLat && Round(lon) == _previousLon) return false;
        Append(lat, lon);
        return true;
    }

    /// <summary>Deep copy, so a snapshot can append a flushed tail without touching the live encoder.</summary>
    public PolylineEncoder Clone() => new(this);

    public override string ToString() => _text.ToString();

    public static string Encode(IEnumerable<(double Lat, double Lon)> points)
    {
        var encoder = new PolylineEncoder();
        foreach (var (lat, lon) in points) encoder.Append(lat, lon);
        return encoder.ToString();
    }

    public static IReadOnlyList<(double Lat, double Lon)> Decode(string polyline)
    {
        var points = new List<(double Lat, double Lon)>();
        int index = 0;
        long lat = 0, lon = 0;
        while (index < polyline.Length)
        {
            lat += ReadSigned(polyline, ref index);
            lon += ReadSigned(polyline, ref index);
            points.Add((lat / Scale, lon / Scale));
        }
        return points;
    }

    // Google's reference rounds half away from zero (Math.round in JS differs for negatives; the documented example
    // and the other language ports use away-from-zero).
    private static long Round(double degrees) => (long)Math.Round(degrees * Scale, MidpointRounding.AwayFromZero);

    private void WriteSigned(long value)
    {
        ulong zigzag = value < 0 ? ~((ulong)value << 1) : (ulong)value << 1;
        while (zigzag >= 0x20)
        {
            _text.Append((char)((0x20 | (int)(zigzag & 0x1f)) + 63));
            zigzag >>= 5;
        }
        _text.Append((char)(zigzag + 63));
    }

    private static long ReadSigned(string text, ref int index)
    {
        ulong result = 0;
        int shift = 0;
        int chunk;
        do
        {
            if (index >= text.Length) throw new FormatException("Truncated encoded polyline.");
            chunk = text[index++] - 63;
            if (chunk < 0 || chunk > 63) throw new FormatException($"Invalid polyline character at {index - 1}.");
            result |= (ulong)(chunk & 0x1f) << shift;
            shift += 5;
        }
        while (chunk >= 0x20);
        return (result & 1) != 0 ? ~(long)(result >> 1) : (long)(result >> 1);
    }
}
