using Splitstream.Geo;
using Splitstream.Processors.Races;
using Splitstream.Schemas.V1;
using Xunit.Abstractions;

namespace Splitstream.Races.Tests;

/// <summary>
/// Standings along a real course (a 13 km run in New York from <c>../shared/data/real</c>) on the test driver: racers
/// placed on the course by geodesic ground truth with GPS noise; one cuts the course short, one leaves it. Distance
/// along the course, the interpolated finish, checkpoints, gaps and the off-course flag are checked against that truth.
/// </summary>
public sealed class CourseStandingsTests(ITestOutputHelper output)
{
    private const string RaceId = "nyc-13k";
    private const int SummaryEveryS = 2;
    private static readonly long StartMs = new DateTimeOffset(2026, 11, 21, 9, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    private static RaceDefinition Definition(RealCourse course, params (string Name, double AtM)[] checkpoints)
    {
        var definition = new RaceDefinition { RaceId = RaceId, Name = "NYC 13k", Sport = "run", ScheduledStartMs = StartMs, Revision = 1 };
        definition.Course.AddRange(course.Points.Select(p => new CoursePoint { Lat = p.Lat, Lon = p.Lon }));
        definition.Checkpoints.AddRange(checkpoints.Select(c => course.PointAt(c.AtM)).Zip(checkpoints,
            (p, c) => new RaceCheckpoint { Name = c.Name, Lat = p.Lat, Lon = p.Lon }));
        return definition;
    }

    /// <summary>Where a racer is and how far they travelled, second by second, as their summaries report it.</summary>
    private delegate ((double Lat, double Lon) Position, double TravelledM, bool Stopped) Movement(int second);

    private static ActivitySummary Summary(string user, int second, (double Lat, double Lon) position, double travelledM, bool stopped) => new()
    {
        ActivityId = "act-" + user, UserId = user, Sport = "run", Status = stopped ? "finished" : "active", RaceId = RaceId,
        StartedAtMs = StartMs, DistanceM = travelledM, ElapsedTimeS = second, PointsCount = second + 1, FirstSampleMs = StartMs,
        LastSampleMs = StartMs + second * 1000L, LastLat = position.Lat, LastLon = position.Lon,
    };

    [Fact]
    public async Task Racers_on_a_real_course_rank_by_course_distance_finish_within_a_second_and_cuts_and_detours_do_not_count()
    {
        var course = RealCourse.FromTcx("dblock-fr945-run-2025-nyc.tcx");
        var length = course.LengthM;
        var (cutFrom, cutTo, cutStraight) = course.BestShortCut(maxAlongM: 1500, maxStraightM: 150);
        var saved = course.CumulativeM(cutTo) - course.CumulativeM(cutFrom) - cutStraight;
        Assert.True(saved > 0.02 * length + 100, $"the course offers no short cut worth testing (saves {saved:F0} m)");
        var noise = new Random(12);
        (double, double) Noisy((double Lat, double Lon) p) => RealCourse.Offset(p, noise.NextDouble() * 360, Math.Abs(noise.NextDouble() * 2 + noise.NextDouble() * 2 - 2));

        // Constant speeds: the truth of each finish is length / speed; everyone runs 30 m past the line, then stops.
        var speeds = new Dictionary<string, double> { ["ann"] = 3.6, ["bob"] = 3.4, ["cy"] = 3.1, ["dee"] = 2.9 };
        var movements = speeds.ToDictionary(s => s.Key, s => (Movement)(t =>
        {
            var travelled = Math.Min(s.Value * t, length + 30);
            return (Noisy(course.PointAt(travelled)), travelled, travelled >= length + 30);
        }));
        // The cutter runs as fast as ann but goes straight from one vertex to another, saving `saved` metres.
        movements["cutter"] = t =>
        {
            var travelled = Math.Min(3.6 * t, length + 30 - saved);
            var at = course.CumulativeM(cutFrom);
            (double Lat, double Lon) where = travelled <= at ? course.PointAt(travelled)
                : travelled <= at + cutStraight ? Between(course.Points[cutFrom], course.Points[cutTo], (travelled - at) / cutStraight)
                : course.PointAt(travelled + saved);
            return (Noisy(where), travelled, travelled >= length + 30 - saved);
        };
        // The wanderer leaves the course at 3 km, 300 m east, and stays out there (credited no more than the 100 m tolerance beyond).
        movements["wanderer"] = t =>
        {
            var travelled = 3.3 * t;
            return travelled <= 3000 ? (Noisy(course.PointAt(travelled)), travelled, false)
                : (Noisy(RealCourse.Offset(course.PointAt(3000), 90, Math.Min(300, travelled - 3000))), travelled, false);
        };

        using var driver = await StandingsDriver.StartAsync();
        driver.Define(Definition(course, ("5k", 5000), ("10k", 10000)));
        var end = (int)((length + 30) / 2.9) + SummaryEveryS;
        for (var second = SummaryEveryS; second <= end; second += SummaryEveryS)
        {
            foreach (var (user, move) in movements)
            {
                var (position, travelled, stopped) = move(second);
                driver.Pipe(Summary(user, second, position, travelled, stopped));
            }
            if (second == 1030)
            {
                driver.Advance(TimeSpan.FromMilliseconds(100));
                var midway = driver.Latest(RaceId).Racers.Single(r => r.UserId == "wanderer");
                Assert.True(midway.OffCourse, "the racer 300 m off the course for two minutes is not flagged off course");
                Assert.InRange(midway.CourseDistanceM, 2900, 3100);
            }
        }
        driver.Advance(TimeSpan.FromMilliseconds(100));
        var standings = driver.Latest(RaceId);
        var rows = standings.Racers.ToDictionary(r => r.UserId);

        Assert.Equal(length, standings.CourseLengthM, 3);
        Assert.Equal(["ann", "bob", "cy", "dee"], standings.Racers.Where(r => r.Finished).Select(r => r.UserId));
        foreach (var (user, speed) in speeds)
        {
            Assert.InRange(rows[user].FinishTimeS, length / speed - 1, length / speed + 1);
            Assert.Equal(length, rows[user].CourseDistanceM, 3);
            Assert.Equal(rows[user].FinishTimeS - rows["ann"].FinishTimeS, rows[user].GapS, 6);
            Assert.Equal(["5k", "10k"], rows[user].Checkpoints.Select(c => c.Name));
            Assert.InRange(rows[user].Checkpoints[0].TimeS, 5000 / speed - 1, 5000 / speed + 1);
            Assert.InRange(rows[user].Checkpoints[1].TimeS, 10000 / speed - 1, 10000 / speed + 1);
            Assert.False(rows[user].OffCourse);
        }
        // The short cut is not credited: the cutter stopped past the line without finishing, below what they ran, on the course.
        var cutter = rows["cutter"];
        Assert.False(cutter.OffCourse);
        Assert.False(cutter.Finished);
        Assert.True(cutter.Retired);
        Assert.InRange(cutter.CourseDistanceM, 0, (length + 30 - saved) * 1.02 + 25);
        Assert.True(cutter.Rank > 4);
        // The wanderer is still off course, credited no more than where they left it, and ranked last.
        var wanderer = rows["wanderer"];
        Assert.True(wanderer.OffCourse);
        Assert.InRange(wanderer.CourseDistanceM, 2900, 3100);
        Assert.Equal(standings.Racers.Count, wanderer.Rank);
        Assert.True(wanderer.GapS > 0);
    }

    /// <summary>
    /// A racer stops for 20 s just short of the line, then runs through it. Summaries come at the metrics topology's
    /// wall-clock cadence, so how many samples lie between two of them depends on the machine (a simulation at 30× real
    /// time puts ~8 in a 250 ms period). Timed between summary positions, the finish would be interpolated across the
    /// stop (seconds off, and different on a replay); through the summaries' recent fixes it is timed between the two
    /// samples either side of the line, identically for a summary per second and one per 8 s.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(8)]
    [InlineData(13)]
    public async Task The_finish_and_the_checkpoints_are_timed_between_samples_whatever_the_summaries_cadence(int secondsPerSummary)
    {
        var course = RealCourse.FromTcx("dblock-fr945-run-2025-nyc.tcx");
        var length = course.LengthM;
        const double SpeedMps = 3.5;
        const double StopShortM = 5;
        const int StopS = 20;
        var stopAtS = (length - StopShortM) / SpeedMps;
        // Where the racer truly is at second t: running, then standing 5 m short of the line for 20 s, then through it.
        double TravelledAt(int t) => t < stopAtS ? SpeedMps * t
            : t < stopAtS + StopS ? length - StopShortM
            : Math.Min(length - StopShortM + SpeedMps * (t - stopAtS - StopS), length + 30);
        var trueFinishS = stopAtS + StopS + StopShortM / SpeedMps;
        var end = (int)Math.Ceiling(trueFinishS + 30 / SpeedMps) + 1;
        var noise = new Random(7);
        // GPS noise up to 1.5 m while running; standing, the device holds its position (as many do when stationary).
        var standing = RealCourse.Offset(course.PointAt(length - StopShortM), 90, 1);
        var fixes = Enumerable.Range(0, end + 1).Select(t => t >= stopAtS && t < stopAtS + StopS ? standing
            : RealCourse.Offset(course.PointAt(TravelledAt(t)), noise.NextDouble() * 360, noise.NextDouble() * 1.5)).ToList();

        var timed = await FinishAsync(course, fixes, TravelledAt, secondsPerSummary, withRecentFixes: true);
        var everySecond = await FinishAsync(course, fixes, TravelledAt, 1, withRecentFixes: false);
        var summaryPositionsOnly = await FinishAsync(course, fixes, TravelledAt, secondsPerSummary, withRecentFixes: false);
        output.WriteLine($"true finish {trueFinishS:F3} s; through recent fixes {timed.FinishTimeS:F3} s, a summary per second " +
            $"{everySecond.FinishTimeS:F3} s, summary positions only (a summary per {secondsPerSummary} s) {summaryPositionsOnly.FinishTimeS:F3} s");

        Assert.True(timed.Finished);
        Assert.InRange(timed.FinishTimeS, trueFinishS - 0.5, trueFinishS + 0.5);
        // Exactly the times a summary per sample gives: the same crossings, between the same two samples.
        Assert.Equal(everySecond.FinishTimeS, timed.FinishTimeS);
        Assert.Equal(everySecond.Checkpoints.Select(c => c.TimeS), timed.Checkpoints.Select(c => c.TimeS));
        Assert.InRange(timed.Checkpoints[0].TimeS, 5000 / SpeedMps - 0.5, 5000 / SpeedMps + 0.5);
    }

    private static async Task<RacerStanding> FinishAsync(RealCourse course, List<(double Lat, double Lon)> fixes,
        Func<int, double> travelledAt, int secondsPerSummary, bool withRecentFixes)
    {
        using var driver = await StandingsDriver.StartAsync();
        driver.Define(Definition(course, ("5k", 5000)));
        var last = fixes.Count - 1;
        for (var second = secondsPerSummary; ; second = Math.Min(second + secondsPerSummary, last))
        {
            var summary = Summary("ann", second, fixes[second], travelledAt(second), stopped: second == last);
            if (withRecentFixes)
            {
                summary.RecentPositions.AddRange(Enumerable.Range(Math.Max(0, second - 31), Math.Min(32, second + 1))
                    .Select(t => new RecentPosition { TimeMs = StartMs + t * 1000L, Lat = fixes[t].Lat, Lon = fixes[t].Lon }));
            }
            driver.Pipe(summary);
            if (second == last)
            {
                break;
            }
        }
        driver.Advance(TimeSpan.FromMilliseconds(100));
        return driver.Latest(RaceId).Racers.Single();
    }

    [Fact]
    public void Projection_searches_near_the_progress_made_so_an_out_and_back_course_never_jumps_to_the_other_leg()
    {
        // Out 1 km north and back on the same line: the point 200 m out is both 200 m and 1800 m along the course.
        var course = new CourseLine([(45.5, -73.58), (45.509, -73.58), (45.5, -73.58)]);
        var point = RealCourse.Offset((45.5, -73.58), 0, 200);

        var outbound = course.Project(point.Lat, point.Lon, 0, 400);
        var inbound = course.Project(point.Lat, point.Lon, 1500, 2100);

        Assert.InRange(outbound.AlongM, 199, 201);
        Assert.InRange(inbound.AlongM, course.LengthM - 201, course.LengthM - 199);
        Assert.InRange(course.LengthM, Geodesic.Distance(45.5, -73.58, 45.509, -73.58) * 2 - 0.01, Geodesic.Distance(45.5, -73.58, 45.509, -73.58) * 2 + 0.01);
    }

    private static (double Lat, double Lon) Between((double Lat, double Lon) a, (double Lat, double Lon) b, double fraction)
    {
        var inverse = Geodesic.Inverse(a.Lat, a.Lon, b.Lat, b.Lon);
        var end = Geodesic.Direct(a.Lat, a.Lon, inverse.InitialAzimuthDeg, inverse.DistanceM * fraction);
        return (end.Lat, end.Lon);
    }
}
