using Microsoft.Extensions.Options;

namespace Splitstream.Ingest;

/// <summary>What every ingest handler needs, in one parameter: the registry, the publisher, race registrations, the limits and the clock.</summary>
public sealed class IngestServices(
    ActivityRegistry registry, ITelemetryPublisher publisher, IOptions<IngestOptions> options, TimeProvider time, ILogger<IngestServices> log,
    RaceRegistrations races, ActivityRegistryCatchUp catchUp)
{
    /// <summary>Looks for an activity another gateway instance started before this one's registry read it.</summary>
    public ActivityRegistryCatchUp CatchUp { get; } = catchUp;

    public RaceRegistrations Races { get; } = races;

    public ActivityRegistry Registry { get; } = registry;

    public ITelemetryPublisher Publisher { get; } = publisher;

    public IngestOptions Options { get; } = options.Value;

    public TimeProvider Time { get; } = time;

    public ILogger Log { get; } = log;

    public long NowMs => Time.GetUtcNow().ToUnixTimeMilliseconds();
}
