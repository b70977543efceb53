using Splitstream.Geo;
using Splitstream.Simulator;

namespace Splitstream.Simulator.Tests;

public sealed class RouteGeneratorTests
{
    [Theory]
    [InlineData(RouteShape.Loop, 1000, 1)]
    [InlineData(RouteShape.Loop, 5000, 2)]
    [InlineData(RouteShape.Loop, 20000, 3)]
    [InlineData(RouteShape.OutAndBack, 1000, 4)]
    [InlineData(RouteShape.OutAndBack, 12000, 5)]
    public void Length_is_the_requested_one_and_the_geodesic_sum_of_its_segments(RouteShape shape, double lengthM, int seed)
    {
        var route = RouteGenerator.Generate(shape, 45.5, -73.6, lengthM, new SeededRandom(seed));

        var sum = 0.0;
        for (var i = 1; i < route.Vertices.Count; i++)
        {
            var a = route.Vertices[i - 1];
            var b = route.Vertices[i];
            sum += Geodesic.Distance(a.Lat, a.Lon, b.Lat, b.Lon);
            // Distance's short-segment fast path and Inverse agree to well under a micrometre per segment.
            Assert.Equal(sum, route.CumulativeM(i), 1e-5);
        }
        Assert.Equal(lengthM, route.LengthM, lengthM * 0.005);
        // Both shapes end exactly where they start, so laps wrap without a jump.
        Assert.Equal(route.Vertices[0], route.Vertices[^1]);
    }

    [Theory]
    [InlineData(RouteShape.Loop, 5000, 7)]
    [InlineData(RouteShape.Loop, 2000, 8)]
    [InlineData(RouteShape.OutAndBack, 8000, 9)]
    public void Heading_turns_smoothly(RouteShape shape, double lengthM, int seed)
    {
        var route = RouteGenerator.Generate(shape, -33.9, 151.2, lengthM, new SeededRandom(seed));
        var segments = route.Vertices.Count - 1;
        var turnaround = shape == RouteShape.OutAndBack ? segments / 2 : -1;
        var maxTurn = 0.0;
        for (var i = 1; i < segments - 1; i++)
        {
            if (Math.Abs(i - turnaround) <= 1)
            {
                continue; // the out-and-back's cone
            }
            var turn = Math.Abs(Math.IEEERemainder(route.SegmentAzimuthDeg(i) - route.SegmentAzimuthDeg(i - 1), 360));
            maxTurn = Math.Max(maxTurn, turn);
        }
        // 5 m segments: the sharpest allowed bend (1.5°/m) turns 7.5° per segment.
        Assert.InRange(maxTurn, 0.01, RouteGenerator.MaxTurnDegPerM * RouteGenerator.VertexSpacingM + 0.5);
    }

    [Fact]
    public void Loop_really_goes_round_and_out_and_back_really_returns()
    {
        var loop = RouteGenerator.Generate(RouteShape.Loop, 10, 10, 6000, new SeededRandom(3));
        var totalTurn = 0.0;
        for (var i = 1; i < loop.Vertices.Count - 1; i++)
        {
            totalTurn += Math.IEEERemainder(loop.SegmentAzimuthDeg(i) - loop.SegmentAzimuthDeg(i - 1), 360);
        }
        Assert.InRange(Math.Abs(totalTurn), 340, 380);

        var outAndBack = RouteGenerator.Generate(RouteShape.OutAndBack, 10, 10, 6000, new SeededRandom(3));
        var half = outAndBack.Vertices.Count / 2;
        for (var i = 0; i <= half; i += 37)
        {
            Assert.Equal(outAndBack.Vertices[i], outAndBack.Vertices[^(i + 1)]);
        }
        var far = outAndBack.Vertices[half];
        Assert.True(Geodesic.Distance(10, 10, far.Lat, far.Lon) > 500, "the outbound leg goes somewhere");
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(12.3)]
    [InlineData(2503.7)]
    [InlineData(4999.0)]
    public void PointAt_lies_on_the_segment_at_the_geodesic_distance(double along)
    {
        var route = RouteGenerator.Generate(RouteShape.Loop, 60, 25, 5000, new SeededRandom(11));
        var point = route.PointAt(along);
        var i = 0;
        while (i + 1 < route.Vertices.Count && route.CumulativeM(i + 1) <= along)
        {
            i++;
        }
        var vertex = route.Vertices[i];
        Assert.Equal(along - route.CumulativeM(i), Geodesic.Distance(vertex.Lat, vertex.Lon, point.Lat, point.Lon), 6);
        // One lap later is the same place.
        var lapLater = route.PointAt(along + route.LengthM);
        Assert.Equal(0, Geodesic.Distance(point.Lat, point.Lon, lapLater.Lat, lapLater.Lon), 6);
    }
}
