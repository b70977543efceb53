using System.Text.Json;
using Splitstream.ServiceDefaults;
using Xunit.Abstractions;

namespace Splitstream.Races.Tests;

/// <summary>
/// The live race page in headless Debian Chromium (DevTools protocol), on a running race: summaries → race router →
/// standings topology → race.standings.v1 → query API → SSE → the page. The standings table must change over time,
/// a silent racer must be marked stale, and a screenshot is saved under the test output (bin/…/screenshots).
/// </summary>
public sealed class LiveRacePageTests(PlatformFixture fixture, ITestOutputHelper output) : IClassFixture<PlatformFixture>
{
    // null until the page (not about:blank, not half-parsed) is there.
    private const string SnapshotScript = """
        !document.getElementById('status') || !document.getElementById('standings') ? null : JSON.stringify({
          updates: Number(document.body.dataset.updates || 0),
          status: document.getElementById('status').textContent,
          rows: [...document.querySelectorAll('#standings tbody tr')].map(tr => tr.innerText.replace(/\s+/g, ' ')),
          stale: [...document.querySelectorAll('#standings tbody tr.stale')].map(tr => tr.dataset.user),
          dots: document.querySelectorAll('#map g.racer').length,
          trails: document.querySelectorAll('#map polyline').length,
          course: document.querySelectorAll('#map polyline.course').length,
          checkpoints: [...document.querySelectorAll('#map g.checkpoint')].map(g => g.textContent),
          gaps: [...document.querySelectorAll('#standings td.gap')].map(td => td.textContent),
          splits: [...document.querySelectorAll('#standings td.splits')].map(td => td.textContent),
        })
        """;

    [Fact]
    public async Task The_live_page_shows_the_course_racers_on_it_gaps_and_checkpoints_and_marks_a_silent_racer_stale()
    {
        HeadlessChromium.FindExecutable();   // fails first, and clearly, when chromium is not installed
        var race = "page-race-" + Guid.NewGuid().ToString("N")[..6];
        await using var processors = await ProcessorsHost.StartAsync(fixture.Platform, everything: false,
            new Dictionary<string, string?> { ["Races:StaleAfter"] = "00:00:04" });
        await using var query = await RacesQueryHost.StartAsync(fixture.Platform);
        await using var summaries = await SummaryProducer.CreateAsync(fixture.Platform);
        await query.WaitCaughtUpAsync();
        var loop = new LoopRace(race, racers: 8, silentAfter: TimeSpan.FromSeconds(3));
        // A real race on the loop, public, its racers registered with bibs: spectators need no token.
        using var organiser = query.Client("org-page", Roles.Organiser);
        var halfway = LoopRace.PointAt(200);
        await RaceObjects.CreateAsync(organiser, race, polyline: LoopRace.CoursePolyline(),
            checkpoints: [new { name = "halfway", lat = halfway.Lat, lon = halfway.Lon }]);
        foreach (var (user, bib) in loop.Users.Select((u, i) => (u, i + 1)))
        {
            await RaceObjects.RegisterAsync(organiser, race, user, bib.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        using var stop = new CancellationTokenSource();
        var racing = loop.RunAsync(summaries, stop.Token);
        try
        {
            await using var browser = await HeadlessChromium.StartAsync();
            // An anonymous spectator: no token at all.
            await browser.NavigateAsync($"{query.BaseAddress}races/{race}");

            var first = await WaitForAsync(browser, s => s.Rows.Count == 8, "eight racers in the table");
            var changed = await WaitForAsync(browser, s => s.Updates >= first.Updates + 3 && !s.Rows.SequenceEqual(first.Rows),
                "the table to change over three updates");
            var stale = await WaitForAsync(browser, s => s.Stale.Count > 0 && s.Trails > 0, "the silent racer marked stale");
            var split = await WaitForAsync(browser, s => s.Splits.Any(t => t.StartsWith("halfway ", StringComparison.Ordinal)), "a halfway split in the table");

            output.WriteLine($"first: {string.Join(" | ", first.Rows.Take(3))}");
            output.WriteLine($"later: {string.Join(" | ", changed.Rows.Take(3))}");
            output.WriteLine($"updates seen by the page: {stale.Updates}; status '{stale.Status}'");
            Assert.Equal(8, stale.Dots);
            // Spectators see racers by bib and name, not by user id: the silent racer is the last bib.
            Assert.Equal(["bib-8"], stale.Stale);
            Assert.Equal("live", stale.Status);
            Assert.Equal(1, split.Course);
            Assert.Equal(["halfway"], split.Checkpoints);
            Assert.Equal("leader", split.Gaps[0]);
            Assert.Contains(split.Gaps.Skip(1), g => g.StartsWith('+'));
            Assert.Contains(split.Rows, r => r.Contains("#3", StringComparison.Ordinal));

            var png = await browser.ScreenshotAsync();
            var directory = Path.Combine(AppContext.BaseDirectory, "screenshots");
            Directory.CreateDirectory(directory);
            var path = Path.Combine(directory, "live-race-page.png");
            await File.WriteAllBytesAsync(path, png);
            output.WriteLine($"screenshot: {path} ({png.Length} bytes)");
            Assert.True(png.Length > 10_000, "the screenshot should show a drawn page");
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png.Take(4));
        }
        finally
        {
            await stop.CancelAsync();
            await racing;
        }
    }

    private static async Task<PageSnapshot> WaitForAsync(HeadlessChromium browser, Func<PageSnapshot, bool> condition, string what)
    {
        PageSnapshot? last = null;
        for (var deadline = DateTime.UtcNow.AddSeconds(30); DateTime.UtcNow < deadline; await Task.Delay(200))
        {
            var json = (await browser.EvaluateAsync(SnapshotScript))?.GetValue<string>();
            if (json is not null)
            {
                last = JsonSerializer.Deserialize<PageSnapshot>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
                if (condition(last))
                {
                    return last;
                }
            }
        }
        throw new Xunit.Sdk.XunitException($"the page did not show {what} within 30 s; last seen: {JsonSerializer.Serialize(last)}");
    }

    private sealed record PageSnapshot(
        int Updates, string Status, List<string> Rows, List<string> Stale, int Dots, int Trails, int Course, List<string> Checkpoints, List<string> Gaps,
        List<string> Splits);
}
