using Splitstream.Store;

namespace Splitstream.QueryApi;

/// <summary>
/// An activity's stored points as export points: one record per distinct time of the GPS and heart-rate series, with the
/// position where a GPS point has that time and the heart rate where a reading has exactly that time. Nothing is joined
/// or interpolated, so importing the export again gives back the same two series.
/// </summary>
public static class ExportRecords
{
    public static List<ExportPoint> Merge(IReadOnlyList<GpsPoint> gps, IReadOnlyList<HeartRatePoint> heartRate)
    {
        var records = new List<ExportPoint>(Math.Max(gps.Count, heartRate.Count));
        int g = 0, h = 0;
        while (g < gps.Count || h < heartRate.Count)
        {
            var time = Math.Min(g < gps.Count ? gps[g].TimeMs : long.MaxValue, h < heartRate.Count ? heartRate[h].TimeMs : long.MaxValue);
            GpsPoint? point = g < gps.Count && gps[g].TimeMs == time ? gps[g++] : null;
            int? bpm = h < heartRate.Count && heartRate[h].TimeMs == time ? heartRate[h++].Bpm : null;
            records.Add(new ExportPoint(time, point?.Lat, point?.Lon, point?.Ele, bpm));
        }
        return records;
    }
}
