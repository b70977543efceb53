using Splitstream.Geo;

namespace Splitstream.Simulator;

/// <summary>
/// Decides a scenario from the options and the seed: one race course shared by all racers (a generated loop or a
/// recorded track, everyone starting together at different paces; a few may cut a corner or leave it) and free
/// activities on routes of their own, alternating runs and rides, loops and out-and-backs, with staggered starts. Each activity draws from its own forked random stream, so the scenario is a
/// pure function of (options, seed, start time).
/// </summary>
public static class ScenarioBuilder
{
    /// <summary>Races start a few seconds into the simulation; free activities start every 7 s, wrapping each minute.</summary>
    private const int RaceStartOffsetS = 5;

    /// <summary>Longest gap between the simulated clock's start and the last request, beyond the duration.</summary>
    public static readonly TimeSpan Slack = TimeSpan.FromMinutes(2);

    public static Scenario Build(SimulatorOptions options, long startMs)
    {
        options.Validate();
        var plans = new List<ActivityPlan>();
        string? raceId = null;
        Route? raceCourse = null;
        if (options.RaceRacers > 0)
        {
            raceId = string.IsNullOrEmpty(options.RaceId)
                ? $"sim-race-{options.Seed}-{DateTimeOffset.FromUnixTimeMilliseconds(startMs):yyyyMMddHHmm}"
                : options.RaceId;
            var course = string.IsNullOrEmpty(options.RaceCoursePath)
                ? RouteGenerator.Generate(RouteShape.Loop, options.OriginLat, options.OriginLon, options.RaceDistanceM, SeededRandom.Fork(options.Seed, -1))
                : new Route(RouteShape.PointToPoint, CourseFile.Read(options.RaceCoursePath));
            raceCourse = course;
            var behaviours = Behaviours(options);
            for (var i = 0; i < options.RaceRacers; i++)
            {
                var random = SeededRandom.Fork(options.Seed, i);
                var (low, high) = RacePaceRange(options.RaceSport);
                var speed = random.Uniform(low, high);
                var expectedS = (int)Math.Min(options.Duration.TotalSeconds, course.LengthM / speed);
                var (way, atM, deviationM) = (course, 0.0, 0.0);
                if (behaviours[i] == RacerBehaviour.CutsCorner)
                {
                    (way, atM, deviationM) = RacerPaths.CutCorner(course);
                }
                else if (behaviours[i] == RacerBehaviour.LeavesCourse)
                {
                    // Out early enough to rank behind everyone who keeps going; 400 m away, well past the 100 m that counts.
                    atM = random.Uniform(0.2, 0.35) * course.LengthM;
                    (way, deviationM) = (RacerPaths.LeaveCourse(course, atM, 400), 400);
                }
                var target = behaviours[i] == RacerBehaviour.LeavesCourse ? atM + deviationM : way.LengthM;
                var spec = Spec(options, i, random, startMs, startMs + RaceStartOffsetS * 1000L, options.RaceSport, raceId, way,
                    speed, expectedS, target) with { Behaviour = behaviours[i], DeviationAtM = atM, DeviationM = deviationM };
                plans.Add(Play(options, spec, random));
            }
        }
        for (var j = 0; j < options.Devices; j++)
        {
            var index = options.RaceRacers + j;
            var random = SeededRandom.Fork(options.Seed, index);
            var sport = j % 2 == 0 ? Sport.Run : Sport.Ride;
            var (low, high) = FreePaceRange(sport);
            var speed = random.Uniform(low, high);
            var duration = (int)options.Duration.TotalSeconds;
            // Start somewhere within ~2 km of the origin, on a route a bit longer than the distance covered.
            var origin = Geodesic.Direct(options.OriginLat, options.OriginLon, random.Uniform(0, 360), random.Uniform(200, 2000));
            var shape = j / 2 % 2 == 0 ? RouteShape.Loop : RouteShape.OutAndBack;
            var route = RouteGenerator.Generate(shape, origin.Lat, origin.Lon, Math.Max(1000, speed * duration * 1.15), random);
            var spec = Spec(options, index, random, startMs, startMs + j * 7000L % 60_000, sport, null, route, speed, duration, null);
            plans.Add(Play(options, spec, random));
        }
        return new Scenario(startMs, raceId, raceCourse?.LengthM, plans) { RaceCourse = raceCourse };
    }

    /// <summary>Which racers cut a corner or leave the course: distinct indices drawn from the seed's own stream.</summary>
    private static RacerBehaviour[] Behaviours(SimulatorOptions options)
    {
        var behaviours = new RacerBehaviour[options.RaceRacers];
        var random = SeededRandom.Fork(options.Seed, -2);
        var order = Enumerable.Range(0, options.RaceRacers).OrderBy(_ => random.NextDouble()).ToList();
        foreach (var i in order.Take(options.RaceCornerCutters))
        {
            behaviours[i] = RacerBehaviour.CutsCorner;
        }
        foreach (var i in order.Skip(options.RaceCornerCutters).Take(options.RaceOffCourseRacers))
        {
            behaviours[i] = RacerBehaviour.LeavesCourse;
        }
        return behaviours;
    }

    /// <summary>The simulated clock's start: now in real time; otherwise far enough back that no timestamp is in the future.</summary>
    public static long ChooseStartMs(SimulatorOptions options, DateTimeOffset now)
    {
        if (options.StartTime is { } start)
        {
            return start.ToUnixTimeMilliseconds();
        }
        var origin = options.Realtime ? now : now - options.Duration - Slack;
        return origin.ToUnixTimeMilliseconds() / 1000 * 1000;
    }

    private static ActivitySpec Spec(
        SimulatorOptions options, int index, SeededRandom random, long scenarioStartMs, long startMs, Sport sport, string? raceId,
        Route route, double speed, int expectedS, double? targetM)
    {
        // Features at distinct phases so they never overlap: stop ~25%, pause ~50%, offline ~70% of the activity.
        (int, int)? Feature(double probability, double at, int minS, int maxS)
        {
            var drawn = random.NextDouble() < probability;
            var length = (int)Math.Min(random.Uniform(minS, maxS), 0.1 * expectedS);
            var atS = (int)(expectedS * (at + random.Uniform(-0.04, 0.04)));
            return drawn && length >= 5 ? (atS, length) : null;
        }
        var stop = Feature(options.StopProbability, 0.25, 30, 60);
        var pause = Feature(options.PauseProbability, 0.5, 30, 60);
        var offline = Feature(options.OfflineProbability, 0.7, 60, 120);
        var restingHr = random.Next(48, 68);
        return new ActivitySpec(
            index,
            SeededRandom.ActivityId(options.Seed, scenarioStartMs, index),
            options.UserPrefix + (index + 1),
            sport,
            raceId,
            string.IsNullOrEmpty(options.Country) ? null : options.Country,
            route,
            startMs,
            speed,
            // A racer slowed by stops and hills still gets to finish within the cut-off if there is room for it.
            targetM is null ? expectedS : (int)options.Duration.TotalSeconds,
            targetM,
            stop,
            pause,
            offline,
            random.Next(0, (int)options.HeartRateInterval.TotalMilliseconds) + random.Next(-300, 300),
            restingHr,
            random.Next(175, 200));
    }

    private static ActivityPlan Play(SimulatorOptions options, ActivitySpec spec, SeededRandom random)
    {
        var track = TrackSimulator.Play(spec, options.NoiseSigmaM, options.HeartRateInterval, random);
        var sends = BatchPlanner.Plan(spec, track, options.BatchInterval, options.DuplicateProbability, options.OutOfOrderProbability, random);
        return new ActivityPlan(spec, track, GroundTruth.TrueDistanceM(track.Truth), GroundTruth.MovingTimeS(track.Truth), sends);
    }

    private static (double Low, double High) RacePaceRange(Sport sport) => sport switch
    {
        Sport.Ride => (7.0, 10.5),
        Sport.Walk or Sport.Hike => (1.2, 1.8),
        _ => (3.0, 4.3),
    };

    private static (double Low, double High) FreePaceRange(Sport sport) => sport switch
    {
        Sport.Ride => (5.5, 8.5),
        Sport.Walk or Sport.Hike => (1.1, 1.6),
        _ => (2.6, 3.6),
    };
}
