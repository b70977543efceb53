namespace Splitstream.Fit;

/// <summary>What <see cref="FitDecoder"/> read from a FIT file: the messages Splitstream uses, in file order.</summary>
public sealed class FitActivity
{
    /// <summary><c>file_id.type</c> (4 = activity), null without a file_id.</summary>
    public int? FileType { get; internal set; }

    public int? Manufacturer { get; internal set; }

    public int? Product { get; internal set; }

    public long? TimeCreatedMs { get; internal set; }

    public List<FitRecord> Records { get; } = [];

    public List<FitLap> Laps { get; } = [];

    public List<FitSession> Sessions { get; } = [];

    public List<FitEvent> Events { get; } = [];

    public List<FitDeviceInfo> Devices { get; } = [];

    /// <summary>The sport of the first session (or <c>sport</c> message), FIT's enum; null when the file does not say.</summary>
    public int? Sport { get; internal set; }

    /// <summary>Messages read (definitions and data, every global number), for limits and diagnostics.</summary>
    public int MessageCount { get; internal set; }

    /// <summary>Data messages whose fields came with developer data (skipped).</summary>
    public int DeveloperFieldMessages { get; internal set; }
}
