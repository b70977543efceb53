using Splitstream.Geo;
using Splitstream.Schemas.V1;

namespace Splitstream.Races.Tests;

/// <summary>
/// A small live race for the page test: racers on a 400 m loop at different paces, their summaries published every
/// half second in real time; the last racer stops transmitting after a few seconds (and must be marked stale).
/// </summary>
internal sealed class LoopRace(string raceId, int racers, TimeSpan silentAfter)
{
    private const double OriginLat = 45.5048, OriginLon = -73.5874, LoopM = 400;

    public string SilentUser => $"loop-{racers}";

    public IEnumerable<string> Users => Enumerable.Range(1, racers).Select(i => $"loop-{i}");

    /// <summary>The loop as a course line: start and finish where the racers start, one lap, clockwise as they run.</summary>
    public static string CoursePolyline() => PolylineEncoder.Encode(Enumerable.Range(0, 37).Select(k => PointAt(LoopM * k / 36)));

    public static (double Lat, double Lon) PointAt(double distanceM)
    {
        var radius = LoopM / (2 * Math.PI);
        var centre = Geodesic.Direct(OriginLat, OriginLon, 0, radius);
        var position = Geodesic.Direct(centre.Lat, centre.Lon, 180 + 360 * (distanceM % LoopM) / LoopM, radius);
        return (position.Lat, position.Lon);
    }

    public async Task RunAsync(SummaryProducer producer, CancellationToken stop)
    {
        var startMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var radius = LoopM / (2 * Math.PI);
        while (!stop.IsCancellationRequested)
        {
            var nowMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            var elapsedS = (nowMs - startMs) / 1000.0;
            for (var i = 1; i <= racers; i++)
            {
                if (i == racers && elapsedS > silentAfter.TotalSeconds)
                {
                    continue;
                }
                var distance = (2.5 + 0.25 * i) * elapsedS * 4;   // brisk, so the page visibly moves
                var angle = 360 * (distance % LoopM) / LoopM;
                var centre = Geodesic.Direct(OriginLat, OriginLon, 0, radius);
                var position = Geodesic.Direct(centre.Lat, centre.Lon, 180 + angle, radius);
                await producer.PublishAsync(new ActivitySummary
                {
                    ActivityId = $"{raceId}-act-{i}",
                    UserId = $"loop-{i}",
                    Sport = "run",
                    Status = "active",
                    RaceId = raceId,
                    StartedAtMs = startMs,
                    DistanceM = Math.Round(distance, 1),
                    ElapsedTimeS = Math.Round(elapsedS, 1),
                    PointsCount = (long)elapsedS + 1,
                    FirstSampleMs = startMs,
                    LastSampleMs = nowMs,
                    LastLat = position.Lat,
                    LastLon = position.Lon,
                });
            }
            await Task.Delay(500, stop).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }
}
