using System.Collections.Concurrent;
using System.Diagnostics;
using Splitstream.Schemas.V1;
using Splitstream.ServiceDefaults;
using Xunit.Abstractions;

namespace Splitstream.Races.Tests;

/// <summary>
/// The race topologies and the query API together on the embedded cluster: a summary published to
/// activity.summary.v1 reaches an SSE subscriber of its race through the router, the standings topology,
/// race.standings.v1 and the query API's broadcast view.
/// </summary>
public sealed class StandingsPipelineTests(PlatformFixture fixture, ITestOutputHelper output) : IClassFixture<PlatformFixture>
{
    [Fact]
    public async Task A_summary_reaches_the_live_stream_of_its_race_within_two_seconds()
    {
        var race = "pipe-race-" + Guid.NewGuid().ToString("N")[..6];
        await using var processors = await ProcessorsHost.StartAsync(fixture.Platform, everything: false);
        await using var query = await RacesQueryHost.StartAsync(fixture.Platform);
        await using var summaries = await SummaryProducer.CreateAsync(fixture.Platform);
        var clock = Stopwatch.StartNew();
        await query.WaitCaughtUpAsync();
        output.WriteLine($"view caught up after {clock.ElapsedMilliseconds} ms");
        await processors.WaitForRaceTopologiesAsync();
        output.WriteLine($"topologies assigned after {clock.ElapsedMilliseconds} ms");
        using var http = new HttpClient { BaseAddress = query.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        // The race exists before anyone runs it; an admin's stream shows every racer's activity id.
        await RaceObjects.CreateAsync(query.Client("org-1", Roles.Organiser), race);
        await using var sse = await SseClient.ConnectAsync(http, $"/v1/races/{race}/live?access_token={RacesQueryHost.Token("root", Roles.Admin)}");

        // Published: (activity, last sample) → when the broker acknowledged it. Events: what each racer was up to, and when.
        // A summary has appeared once an event shows its racer at or past its last sample (two quick summaries of one
        // racer may be published together, as one change).
        var acknowledged = new ConcurrentDictionary<(string Activity, long LastSample), long>();
        var events = new ConcurrentQueue<(long ArrivedAt, Dictionary<string, long> LastSamples)>();
        using var stop = new CancellationTokenSource();
        var reading = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                SseEvent next;
                try
                {
                    next = await sse.NextAsync(TimeSpan.FromSeconds(20), stop.Token);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    return;
                }
                events.Enqueue((next.ArrivedAt, next.Json.GetProperty("racers").EnumerateArray()
                    .ToDictionary(r => r.GetProperty("activity_id").GetString()!, r => r.GetProperty("last_sample_ms").GetInt64())));
            }
        });

        var startMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        for (var tick = 1; tick <= 30; tick++)
        {
            for (var racer = 1; racer <= 3; racer++)
            {
                var summary = Summaries.Racer(race, $"p{racer}", tick * (3 + racer), tick);
                summary.LastSampleMs = startMs + tick * 1000L;
                await summaries.PublishAsync(summary);
                acknowledged[(summary.ActivityId, summary.LastSampleMs)] = Stopwatch.GetTimestamp();
            }
            await Task.Delay(200);
        }
        long? SeenAt((string Activity, long LastSample) key) =>
            events.FirstOrDefault(e => e.LastSamples.GetValueOrDefault(key.Activity) >= key.LastSample) is { ArrivedAt: > 0 } e ? e.ArrivedAt : null;
        for (var deadline = DateTime.UtcNow.AddSeconds(10); DateTime.UtcNow < deadline && acknowledged.Keys.Any(k => SeenAt(k) is null); await Task.Delay(100))
        {
        }
        await stop.CancelAsync();

        var delays = acknowledged.Where(a => SeenAt(a.Key) is not null)
            .Select(a => Stopwatch.GetElapsedTime(a.Value, SeenAt(a.Key)!.Value).TotalMilliseconds).ToList();
        output.WriteLine("summary acknowledged → SSE event: " + Percentiles.Describe(delays));
        output.WriteLine("in publication order: " + string.Join(" ", acknowledged.OrderBy(a => a.Value)
            .Select(a => SeenAt(a.Key) is { } at ? $"{Stopwatch.GetElapsedTime(a.Value, at).TotalMilliseconds:F0}" : "-")));
        // Every change reached the stream (the delays are reported above, not asserted: they are benchmark figures).
        Assert.Equal(acknowledged.Count, delays.Count);
        await reading;
        output.WriteLine($"measured by {clock.ElapsedMilliseconds} ms");
    }
}
