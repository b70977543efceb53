using System.Globalization;
using Splitstream.Geo;
using Splitstream.Simulator;

namespace Splitstream.Simulator.Tests;

/// <summary>
/// Races on a course of one's own (a recorded track) and racers who do not keep to it: the course file reader, the
/// point-to-point route, the corner cut and the detour, and the ground truth the standings are checked against.
/// The course here is a hairpin: 1 km north, 120 m east, 1 km south, so its best short cut is known by hand.
/// </summary>
public sealed class RacerBehaviourTests
{
    private const double LegM = 1000, AcrossM = 120;

    private static List<RoutePoint> Hairpin()
    {
        var points = new List<RoutePoint> { new(45.5, -73.58, 0) };
        void Leg(double azimuth, double metres)
        {
            for (var d = 5.0; d <= metres; d += 5)
            {
                var p = Geodesic.Direct(points[^1].Lat, points[^1].Lon, azimuth, 5);
                points.Add(new RoutePoint(p.Lat, p.Lon, 0));
            }
        }
        Leg(0, LegM);
        Leg(90, AcrossM);
        Leg(180, LegM);
        return points;
    }

    private static string HairpinGpx()
    {
        var path = Path.Combine(Path.GetTempPath(), $"hairpin-{Guid.NewGuid():N}.gpx");
        File.WriteAllText(path, "<gpx version=\"1.1\" xmlns=\"http://www.topografix.com/GPX/1/1\"><trk><trkseg>" +
            string.Concat(Hairpin().Select(p => string.Create(CultureInfo.InvariantCulture, $"<trkpt lat=\"{p.Lat:R}\" lon=\"{p.Lon:R}\"/>"))) +
            "</trkseg></trk></gpx>");
        return path;
    }

    [Theory]
    [InlineData("<gpx xmlns=\"http://www.topografix.com/GPX/1/1\"><trk><trkseg><trkpt lat=\"45.5\" lon=\"-73.58\"/><trkpt lat=\"45.5\" lon=\"-73.58\"/>" +
        "<trkpt lat=\"45.501\" lon=\"-73.58\"/></trkseg></trk></gpx>")]
    [InlineData("<gpx xmlns=\"http://www.topografix.com/GPX/1/0\"><rte><rtept lat=\"45.5\" lon=\"-73.58\"/><rtept lat=\"45.501\" lon=\"-73.58\"/></rte></gpx>")]
    [InlineData("<TrainingCenterDatabase xmlns=\"http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2\"><Activities><Activity><Lap><Track>" +
        "<Trackpoint><Position><LatitudeDegrees>45.5</LatitudeDegrees><LongitudeDegrees>-73.58</LongitudeDegrees></Position></Trackpoint>" +
        "<Trackpoint><HeartRateBpm><Value>120</Value></HeartRateBpm></Trackpoint>" +
        "<Trackpoint><Position><LatitudeDegrees>45.501</LatitudeDegrees><LongitudeDegrees>-73.58</LongitudeDegrees></Position></Trackpoint>" +
        "</Track></Lap></Activity></Activities></TrainingCenterDatabase>")]
    public void A_course_file_gives_its_positions_in_order_without_repeats_or_points_without_one(string document)
    {
        var path = Path.Combine(Path.GetTempPath(), $"course-{Guid.NewGuid():N}.xml");
        File.WriteAllText(path, document);
        try
        {
            Assert.Equal([(45.5, -73.58), (45.501, -73.58)], CourseFile.Read(path).Select(p => (p.Lat, p.Lon)));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_file_that_is_neither_gpx_nor_tcx_is_refused()
    {
        var path = Path.Combine(Path.GetTempPath(), $"course-{Guid.NewGuid():N}.xml");
        File.WriteAllText(path, "<kml><Placemark/></kml>");
        try
        {
            Assert.Throws<InvalidDataException>(() => CourseFile.Read(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_point_to_point_route_goes_on_past_its_finish_in_its_last_direction_and_stays_at_its_start_before_it()
    {
        var route = new Route(RouteShape.PointToPoint, Hairpin());
        var finish = route.Vertices[^1];
        var beyond = route.PointAt(route.LengthM + 40);
        var inverse = Geodesic.Inverse(finish.Lat, finish.Lon, beyond.Lat, beyond.Lon);
        Assert.Equal(40, inverse.DistanceM, 0.01);
        Assert.Equal(180, Math.Abs(inverse.InitialAzimuthDeg), 0.01);
        Assert.Equal(route.Vertices[0], route.PointAt(-10));
    }

    [Fact]
    public void The_corner_cut_goes_straight_across_the_hairpin_and_saves_what_it_skips()
    {
        var course = new Route(RouteShape.PointToPoint, Hairpin());
        var (path, fromM, savedM) = RacerPaths.CutCorner(course);
        // At most a quarter of the course apart along it: 2d + 120 <= 530, so the cut leaves the course 205 m below the top.
        var d = (course.LengthM / 4 - AcrossM) / 2;
        Assert.Equal(LegM - d, fromM, 5.0);
        Assert.Equal(2 * d, savedM, 10.0);
        Assert.Equal(course.LengthM - savedM, path.LengthM, 0.5);
        Assert.Equal(course.Vertices[^1], path.Vertices[^1]);

        var straight = new Route(RouteShape.PointToPoint, Hairpin().Take(201).ToList());
        Assert.Throws<ArgumentException>(() => RacerPaths.CutCorner(straight));
    }

    [Fact]
    public void The_detour_leaves_where_it_says_and_keeps_more_than_100_m_from_every_part_of_the_course()
    {
        var course = new Route(RouteShape.PointToPoint, Hairpin());
        var path = RacerPaths.LeaveCourse(course, 500, 400);
        Assert.Equal(500, path.CumulativeM(path.Vertices.ToList().IndexOf(course.PointAt(500))), 0.01);
        // Out of the hairpin, not across it into the other leg 120 m away: beyond 150 m out, nowhere near the course.
        for (var m = 650.0; m <= 900; m += 10)
        {
            var p = path.PointAt(m);
            Assert.True(course.Vertices.Min(v => Geodesic.Distance(v.Lat, v.Lon, p.Lat, p.Lon)) > 140, $"{m - 500} m out the detour is back near the course");
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void A_race_on_a_course_file_has_its_cutter_and_its_racer_off_course_reproducibly_ranked_behind_every_finisher(int seed)
    {
        var gpx = HairpinGpx();
        try
        {
            var options = TestOptions.Create(racers: 6, devices: 0, minutes: 30, seed: seed);
            options.RaceCoursePath = gpx;
            options.RaceCornerCutters = 1;
            options.RaceOffCourseRacers = 1;
            var scenario = ScenarioBuilder.Build(options, TestOptions.Start.ToUnixTimeMilliseconds());
            var again = ScenarioBuilder.Build(options, TestOptions.Start.ToUnixTimeMilliseconds());
            Assert.Equal(scenario.Racers.Select(r => r.Spec.Behaviour), again.Racers.Select(r => r.Spec.Behaviour));

            var course = scenario.RaceCourse!;
            Assert.Equal(2 * LegM + AcrossM, course.LengthM, 1.0);
            Assert.Equal(course.LengthM, scenario.RaceDistanceM);
            var racers = scenario.Racers.ToList();
            var cutter = Assert.Single(racers, r => r.Spec.Behaviour == RacerBehaviour.CutsCorner);
            var wanderer = Assert.Single(racers, r => r.Spec.Behaviour == RacerBehaviour.LeavesCourse);
            Assert.True(cutter.Track.FinishedCourse, "the cutter runs on to the finish line");
            Assert.False(GroundTruth.FinishedRace(cutter));
            Assert.False(GroundTruth.FinishedRace(wanderer));
            Assert.All(racers.Except([cutter, wanderer]), r => Assert.True(GroundTruth.FinishedRace(r)));
            Assert.All(racers.Except([cutter, wanderer]), r => Assert.Equal(course.LengthM, GroundTruth.CourseDistanceM(r)));
            // The cutter is credited what they ran, short of the course by about what they skipped; the wanderer where they left.
            Assert.InRange(GroundTruth.CourseDistanceM(cutter), course.LengthM - cutter.Spec.DeviationM, course.LengthM - cutter.Spec.DeviationM + 60);
            Assert.Equal(wanderer.Spec.DeviationAtM, GroundTruth.CourseDistanceM(wanderer));
            Assert.Equal([cutter, wanderer], GroundTruth.RaceRanking(racers).TakeLast(2));

            var ranking = SimulationReport.Build(scenario, [.. scenario.Activities.Select(_ => new ActivityCounters())], options, "http://gateway").Races.Single().Ranking;
            Assert.Equal([nameof(RacerBehaviour.CutsCorner), nameof(RacerBehaviour.LeavesCourse)], ranking.TakeLast(2).Select(r => r.Behaviour));
            Assert.Equal([false, false], ranking.TakeLast(2).Select(r => r.Finished));
        }
        finally
        {
            File.Delete(gpx);
        }
    }
}
