using Splitstream.Schemas;

namespace Splitstream.Streams.Demo;

/// <summary>Topics and grace of <see cref="SampleCountTopology"/>; tests give each run topics of its own.</summary>
public sealed record SampleCountOptions
{
    public string GpsTopic { get; init; } = Topics.Gps;

    public string HeartRateTopic { get; init; } = Topics.HeartRate;

    public required string CountsTopic { get; init; }

    public required string WindowCountsTopic { get; init; }

    public TimeSpan Grace { get; init; } = TimeSpan.FromSeconds(10);
}
