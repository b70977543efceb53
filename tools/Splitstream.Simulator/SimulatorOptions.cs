using Splitstream.Geo;

namespace Splitstream.Simulator;

/// <summary>
/// What to simulate and how fast. Bound from the <c>Simulator</c> configuration section by the host, and from the
/// command line by <c>splitstream simulate</c>. Probabilities are per activity (stop, pause, offline gap) or per
/// batch (duplicate, out of order), all drawn from the seeded generator so a seed fixes the whole scenario.
/// </summary>
public sealed class SimulatorOptions
{
    public const string Section = "Simulator";

    /// <summary>The gateway's base URL; empty means <c>ingest_url</c> of <see cref="RunInfoPath"/>.</summary>
    public string IngestUrl { get; set; } = "";

    public string RunInfoPath { get; set; } = ".data/run.json";

    /// <summary>
    /// The query API's base URL: the race is created there (on the racers' course) and its racers registered before
    /// they start. Empty: <c>query_url</c> of <see cref="RunInfoPath"/> when the gateway came from there too, else no race object.
    /// </summary>
    public string QueryUrl { get; set; } = "";

    /// <summary>Free activities (runs and rides on routes of their own), besides the race.</summary>
    public int Devices { get; set; } = 3;

    /// <summary>Racers of the race (0: no race). All start together on one shared course.</summary>
    public int RaceRacers { get; set; } = 20;

    /// <summary>The race id; empty means <c>sim-race-{seed}-{start yyyyMMddHHmm}</c>.</summary>
    public string RaceId { get; set; } = "";

    public double RaceDistanceM { get; set; } = 5000;

    /// <summary>
    /// A GPX or TCX file whose track is the race course (point to point, its length replacing <see cref="RaceDistanceM"/>);
    /// empty: a generated loop of <see cref="RaceDistanceM"/> around the origin.
    /// </summary>
    public string RaceCoursePath { get; set; } = "";

    /// <summary>Racers (chosen by the seed) who cut a corner of the course (<see cref="RacerBehaviour.CutsCorner"/>).</summary>
    public int RaceCornerCutters { get; set; }

    /// <summary>Racers (chosen by the seed) who leave the course and stop away from it (<see cref="RacerBehaviour.LeavesCourse"/>).</summary>
    public int RaceOffCourseRacers { get; set; }

    public Sport RaceSport { get; set; } = Sport.Run;

    /// <summary>Length of each free activity, and the cut-off of the race.</summary>
    public TimeSpan Duration { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Per-axis (east, north) standard deviation of the GPS error in metres: correlated drift plus jitter.</summary>
    public double NoiseSigmaM { get; set; } = 5;

    public int Seed { get; set; } = 1;

    /// <summary>1: real time (timestamps are now). N &gt; 1: N times faster, with simulated timestamps in the past.</summary>
    public double Speedup { get; set; } = 1;

    /// <summary>Send everything without waiting (simulated timestamps), for tests and benchmarks.</summary>
    public bool AsFastAsPossible { get; set; }

    /// <summary>Start of the simulated clock; unset: now in real time, else early enough that the last sample is now.</summary>
    public DateTimeOffset? StartTime { get; set; }

    /// <summary>How much recording each sample batch covers (a phone posts every few seconds).</summary>
    public TimeSpan BatchInterval { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan HeartRateInterval { get; set; } = TimeSpan.FromSeconds(2);

    public double DuplicateProbability { get; set; } = 0.03;

    public double OutOfOrderProbability { get; set; } = 0.03;

    public double StopProbability { get; set; } = 0.5;

    public double PauseProbability { get; set; } = 0.3;

    public double OfflineProbability { get; set; } = 0.3;

    public double OriginLat { get; set; } = 45.5048;

    public double OriginLon { get; set; } = -73.5874;

    public string Country { get; set; } = "CA";

    /// <summary>Device users are <c>{UserPrefix}1..N</c>: racers first, then the free activities.</summary>
    public string UserPrefix { get; set; } = "sim-";

    /// <summary>The HS256 key the gateway validates tokens with; empty means <see cref="SigningKeyFile"/>.</summary>
    public string SigningKey { get; set; } = "";

    public string SigningKeyFile { get; set; } = ".data/dev-signing-key";

    /// <summary>Where to write the JSON report at the end (empty: none).</summary>
    public string ReportPath { get; set; } = "";

    /// <summary>How often the compact progress line is printed (zero: never).</summary>
    public TimeSpan ProgressInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Most requests in flight at once across all devices.</summary>
    public int MaxConcurrentRequests { get; set; } = 64;

    /// <summary>Give up on one request after this many 503/429/transport failures.</summary>
    public int MaxAttempts { get; set; } = 30;

    public bool Realtime => !AsFastAsPossible && Speedup <= 1;

    public void Validate()
    {
        if (Devices < 0 || RaceRacers < 0 || Devices + RaceRacers == 0)
        {
            throw new ArgumentException("at least one device or racer is needed (--devices, --race-racers)");
        }
        if (Duration < TimeSpan.FromMinutes(1))
        {
            throw new ArgumentException("--duration must be at least 1 minute");
        }
        if (NoiseSigmaM < 0 || !double.IsFinite(NoiseSigmaM))
        {
            throw new ArgumentException("--noise must be a finite number of metres >= 0");
        }
        if (!AsFastAsPossible && (Speedup < 1 || !double.IsFinite(Speedup)))
        {
            throw new ArgumentException("--speedup must be >= 1");
        }
        if (BatchInterval < TimeSpan.FromSeconds(1) || HeartRateInterval < TimeSpan.FromMilliseconds(200))
        {
            throw new ArgumentException("--batch-seconds must be >= 1 and the heart-rate interval >= 0.2 s");
        }
        if (RaceRacers > 0 && RaceDistanceM < 200 && string.IsNullOrEmpty(RaceCoursePath))
        {
            throw new ArgumentException("--race-distance must be at least 200 m");
        }
        if (RaceCornerCutters < 0 || RaceOffCourseRacers < 0 || RaceCornerCutters + RaceOffCourseRacers > RaceRacers)
        {
            throw new ArgumentException("--race-cutters and --race-off-course must be >= 0 and together at most --race-racers");
        }
    }
}
