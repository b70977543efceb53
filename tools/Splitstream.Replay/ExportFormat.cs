namespace Splitstream.Replay;

public enum ExportFormat
{
    /// <summary>One JSON object per record: Kafka coordinates, key, headers and the decoded value.</summary>
    JsonLines,

    /// <summary>One row per sample, for the telemetry topics.</summary>
    Csv,

    /// <summary>One GPX 1.1 file per activity, from telemetry.gps.v1 (heart rate joined from telemetry.hr.v1 on request).</summary>
    Gpx,
}
