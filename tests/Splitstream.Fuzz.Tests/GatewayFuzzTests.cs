using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Splitstream.Schemas;
using Splitstream.Schemas.V1;
using Xunit.Abstractions;

namespace Splitstream.Fuzz.Tests;

/// <summary>
/// Sends a few hundred generated bad requests (<see cref="BadRequestGenerator"/>) to the real gateway, interleaved with
/// valid control batches, and checks DESIGN §3's answers: the right 4xx with a problem naming the field, never a 5xx,
/// the gateway up afterwards, and nothing in the topics but what the control batches produced. The seed is random per
/// run unless <c>SPLITSTREAM_TEST_SEED</c> is set (<see cref="TestSeed"/>), and every failure message carries it.
/// </summary>
public sealed class GatewayFuzzTests(GatewayFixture fixture, ITestOutputHelper output) : IClassFixture<GatewayFixture>
{
    private const int ControlEvery = 20;
    private static readonly string[] TelemetryTopics = [Topics.ActivityEvents, Topics.Gps, Topics.HeartRate];

    [Fact]
    public async Task Bad_requests_get_the_right_4xx_publish_nothing_and_leave_the_gateway_up()
    {
        var seed = TestSeed.Next(output);
        var start = DateTimeOffset.UtcNow.AddHours(-2);
        using var device = fixture.Gateway.Client("fuzz-device");
        using var controlDevice = fixture.Gateway.Client("fuzz-control");
        using var stranger = fixture.Gateway.Client("fuzz-stranger");
        var target = await StartActivityAsync(device, start);
        var control = await StartActivityAsync(controlDevice, start);
        var strangers = await StartActivityAsync(stranger, start);
        var log = new TopicLog(fixture.Platform);
        var before = TelemetryTopics.ToDictionary(t => t, log.EndOffsets);

        var generator = new BadRequestGenerator(seed, target, strangers, "fuzz-device", start);
        var controlBodies = new BadRequestGenerator(seed + 1, control, strangers, "fuzz-control", start);
        var cases = generator.Cases().ToList();
        var failures = new List<string>();
        var controlSamples = new List<JsonElement>();
        using var anonymous = fixture.Gateway.Client(null);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < cases.Count; i++)
        {
            if (i % ControlEvery == 0)
            {
                controlSamples.AddRange(await SendControlAsync(controlDevice, control, controlBodies, failures));
            }
            if (await CheckAsync(anonymous, cases[i]) is { } failure)
            {
                failures.Add($"#{i} {cases[i]}: {failure}");
            }
        }
        output.WriteLine($"{cases.Count} bad requests in {clock.Elapsed.TotalSeconds:0.0} s; by category: " +
            string.Join(", ", cases.GroupBy(c => c.Category).Select(g => $"{g.Key} {g.Count()}")));

        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/healthz")).StatusCode);
        controlSamples.AddRange(await SendControlAsync(controlDevice, control, controlBodies, failures));
        failures.AddRange(LeakedRecords(log, before, control, controlSamples));
        Assert.True(failures.Count == 0, $"fuzz seed {seed} ({TestSeed.Variable}={seed}): {failures.Count} failures:\n" + string.Join("\n", failures.Take(40)));
    }

    /// <summary>Null when the answer is right; otherwise what was wrong with it.</summary>
    private static async Task<string?> CheckAsync(HttpClient http, FuzzCase fuzz)
    {
        HttpResponseMessage response;
        try
        {
            using var request = fuzz.Build();
            response = await http.SendAsync(request);
        }
        catch (HttpRequestException e)
        {
            return "no answer: " + e.Message;
        }
        using (response)
        {
            var status = (int)response.StatusCode;
            var body = await response.Content.ReadAsStringAsync();
            if (!fuzz.Expected.Contains(status))
            {
                return $"expected {string.Join("|", fuzz.Expected)}, got {status}: {Shorten(body)}";
            }
            if (status == 401)
            {
                return null;
            }
            if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
            {
                return $"{status} is not problem+json ({response.Content.Headers.ContentType}): {Shorten(body)}";
            }
            if (status != 400)
            {
                return null;
            }
            using var problem = JsonDocument.Parse(body);
            var fields = problem.RootElement.TryGetProperty("errors", out var errors)
                ? errors.EnumerateArray().Select(e => e.GetProperty("field").GetString() ?? "").ToList()
                : [];
            if (fields.Count == 0 || fields.Any(string.IsNullOrEmpty))
            {
                return "400 without named fields: " + Shorten(body);
            }
            return fuzz.Field is null || fields.Contains(fuzz.Field)
                ? null
                : $"400 names [{string.Join(", ", fields)}], expected {fuzz.Field}: {Shorten(body)}";
        }
    }

    /// <summary>A valid batch for the control activity; its samples are what the topics may contain afterwards.</summary>
    private static async Task<IEnumerable<JsonElement>> SendControlAsync(HttpClient http, string activityId, BadRequestGenerator bodies, List<string> failures)
    {
        var body = bodies.ValidBody(3);
        var response = await http.PostAsync($"/v1/activities/{activityId}/samples", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            failures.Add($"a valid control batch was answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            return [];
        }
        return JsonDocument.Parse(body.ToJsonString()).RootElement.GetProperty("samples").EnumerateArray().ToList();
    }

    /// <summary>Every record written since the snapshot that is not exactly a control sample.</summary>
    private static IEnumerable<string> LeakedRecords(TopicLog log, Dictionary<string, Dictionary<int, long>> before, string control, List<JsonElement> controlSamples)
    {
        var events = log.ReadAfter(Topics.ActivityEvents, before[Topics.ActivityEvents]);
        foreach (var e in events)
        {
            yield return $"{Topics.ActivityEvents} got a record for {Encoding.UTF8.GetString(e.Message.Key)} at offset {e.Offset}";
        }
        var gps = log.ReadAfter(Topics.Gps, before[Topics.Gps]);
        var hr = log.ReadAfter(Topics.HeartRate, before[Topics.HeartRate]);
        foreach (var r in gps.Concat(hr).Where(r => Encoding.UTF8.GetString(r.Message.Key) != control))
        {
            yield return $"{r.Topic} got a record for {Encoding.UTF8.GetString(r.Message.Key)} at {r.Partition}/{r.Offset}";
        }
        var expectedTimes = controlSamples.Select(TimeMs).Order().ToList();
        var gpsTimes = gps.Where(r => Encoding.UTF8.GetString(r.Message.Key) == control)
            .SelectMany(r => GpsBatch.Parser.ParseFrom(r.Message.Value.AsSpan(Payload(r.Message.Value))).Samples.Select(x => x.TimeMs)).Order().ToList();
        var hrTimes = hr.Where(r => Encoding.UTF8.GetString(r.Message.Key) == control)
            .SelectMany(r => HeartRateBatch.Parser.ParseFrom(r.Message.Value.AsSpan(Payload(r.Message.Value))).Samples.Select(x => x.TimeMs)).Order().ToList();
        if (!gpsTimes.SequenceEqual(expectedTimes))
        {
            yield return $"GPS samples of the control activity: {gpsTimes.Count}, expected {expectedTimes.Count}";
        }
        if (!hrTimes.SequenceEqual(expectedTimes))
        {
            yield return $"heart-rate samples of the control activity: {hrTimes.Count}, expected {expectedTimes.Count}";
        }
    }

    private static int Payload(byte[] value) => ConfluentWireFormat.ReadHeader(value).PayloadOffset;

    private static long TimeMs(JsonElement sample)
    {
        var t = sample.GetProperty("t");
        return t.ValueKind == JsonValueKind.Number ? t.GetInt64() : DateTimeOffset.Parse(t.GetString()!, CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();
    }

    private static async Task<string> StartActivityAsync(HttpClient http, DateTimeOffset start)
    {
        var id = Guid.NewGuid().ToString();
        var response = await http.PostAsJsonAsync("/v1/activities", new { activity_id = id, sport = "run", started_at = start.ToString("O", CultureInfo.InvariantCulture) });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return id;
    }

    private static string Shorten(string s) => s.Length <= 300 ? s : s[..300] + "...";
}
