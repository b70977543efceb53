using System.Buffers.Text;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Splitstream.Schemas.V1;
using Splitstream.ServiceDefaults;

namespace Splitstream.Fuzz.Tests;

/// <summary>
/// Generates bad requests against the ingest API from one seed: malformed JSON, truncated and bit-flipped Protobuf,
/// hostile track files, forged and expired tokens, oversized bodies, and requests for activities the caller may not
/// write. Every case is invalid under every reading of it (a duplicate key carries a bad value on one side), so none
/// of them may publish anything.
/// </summary>
public sealed class BadRequestGenerator(int seed, string activityId, string strangersActivityId, string userId, DateTimeOffset activityStart)
{
    private static readonly string[] SampleFields = ["t", "lat", "lon", "ele", "acc", "hr"];
    private static readonly IReadOnlySet<int> BadRequest = new HashSet<int> { 400 };
    private readonly Random random = new(seed);
    private int nextSecond = 10;

    public string SamplesPath => $"/v1/activities/{activityId}/samples";

    public IEnumerable<FuzzCase> Cases()
    {
        var generators = new (string Category, int Count, Func<FuzzCase> Next)[]
        {
            ("json-truncated", 30, JsonTruncated),
            ("json-wrong-type", 40, JsonWrongType),
            ("json-huge-number", 20, JsonHugeNumber),
            ("json-deep", 10, JsonDeep),
            ("json-duplicate-key", 15, JsonDuplicateKey),
            ("json-invalid-utf8", 20, JsonInvalidUtf8),
            ("start-invalid-utf8", 6, StartInvalidUtf8),
            ("json-missing-field", 20, JsonMissingField),
            ("json-out-of-range", 20, JsonOutOfRange),
            ("protobuf-truncated", 20, ProtobufTruncated),
            ("protobuf-bit-flip", 25, ProtobufBitFlip),
            ("protobuf-bad-value", 8, ProtobufBadValue),
            ("media-type", 6, WrongMediaType),
            ("track-file", 30, HostileTrackFile),
            ("token", 30, BadToken),
            ("access", 12, NoAccess),
            ("start-or-event", 20, BadStartOrEvent),
        };
        var all = generators.SelectMany(g => Enumerable.Range(0, g.Count).Select(_ => g.Next())).ToList();
        all.AddRange(Oversized());
        // Shuffled, so the gateway meets the kinds interleaved rather than in blocks.
        return all.OrderBy(_ => random.Next()).ToList();
    }

    /// <summary>A valid sample batch body (1 Hz, distinct times per call), for building bad ones from.</summary>
    public JsonObject ValidBody(int count)
    {
        var samples = new JsonArray();
        for (var i = 0; i < count; i++)
        {
            var t = activityStart.AddSeconds(nextSecond++);
            samples.Add(new JsonObject
            {
                ["t"] = random.Next(2) == 0 ? JsonValue.Create(t.ToUnixTimeMilliseconds()) : JsonValue.Create(t.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture)),
                ["lat"] = 45 + random.NextDouble() * 1e-3,
                ["lon"] = -73 - random.NextDouble() * 1e-3,
                ["ele"] = 30.5,
                ["acc"] = 4.0,
                ["hr"] = 120 + random.Next(40),
            });
        }
        return new JsonObject { ["samples"] = samples };
    }

    private FuzzCase JsonTruncated()
    {
        var json = Encoding.UTF8.GetBytes(ValidBody(1 + random.Next(5)).ToJsonString());
        var cut = random.Next(json.Length);
        return Samples("json-truncated", $"cut at {cut} of {json.Length} bytes", json[..cut], "application/json", BadRequest, "body");
    }

    private FuzzCase JsonWrongType()
    {
        var body = ValidBody(1 + random.Next(4));
        var index = random.Next(body["samples"]!.AsArray().Count);
        var field = Pick(SampleFields);
        JsonNode?[] wrong = field == "t"
            ? ["\"yesterday\"", "\"2026-11-21T10:00:00\"", "1.5", "true", "[]", "{}", "null", "\"NaN\"", "\"\""]
            : field == "hr"
                ? ["\"NaN\"", "\"120\"", "120.5", "true", "[]", "{}", "\"Infinity\""]
                : ["\"NaN\"", "\"Infinity\"", "\"-Infinity\"", "\"45.0\"", "true", "[1]", "{}", "\"\""];
        var value = Pick(wrong)!.ToString();
        var json = WithRawValue(body, index, field, value);
        return Samples("json-wrong-type", $"samples[{index}].{field} = {value}", json, "application/json", BadRequest, $"samples[{index}].{field}");
    }

    private FuzzCase JsonHugeNumber()
    {
        var body = ValidBody(1 + random.Next(3));
        var index = random.Next(body["samples"]!.AsArray().Count);
        var field = Pick(SampleFields);
        var value = field switch
        {
            "t" => Pick(["1e30", "99999999999999999999999", "-99999999999999999999999", "9223372036854775807"]),
            "hr" => Pick(["1e10", "99999999999", "-2147483649", "1e400"]),
            _ => Pick(["1e400", "-1e400", "123456789012345678901234567890e300", "1" + new string('0', 400)]),
        };
        var json = WithRawValue(body, index, field, value);
        return Samples("json-huge-number", $"samples[{index}].{field} = {Shorten(value)}", json, "application/json", BadRequest, $"samples[{index}].{field}");
    }

    private FuzzCase JsonDeep()
    {
        var depth = Pick([17, 64, 1000, 100_000]);
        var open = random.Next(2) == 0 ? "[" : "{\"a\":";
        var close = open == "[" ? "]" : "}";
        var nested = string.Concat(Enumerable.Repeat(open, depth)) + "1" + string.Concat(Enumerable.Repeat(close, depth));
        var valid = ValidBody(1).ToJsonString();
        var json = random.Next(2) == 0
            ? "{\"x\":" + nested + "," + valid[1..]
            : valid.Replace("\"acc\":", "\"deep\":" + nested + ",\"acc\":", StringComparison.Ordinal);
        return Samples("json-deep", $"{depth} levels of {open}", Encoding.UTF8.GetBytes(json), "application/json", BadRequest, "body");
    }

    private FuzzCase JsonDuplicateKey()
    {
        var body = ValidBody(2);
        var valid = body.ToJsonString();
        switch (random.Next(3))
        {
            case 0:
                // The array comes second: a last-wins reader would accept it, this one must not.
                return Samples("json-duplicate-key", "samples: 5 then a valid array",
                    Encoding.UTF8.GetBytes("{\"samples\":5," + valid[1..]), "application/json", BadRequest, "samples");
            case 1:
                var field = Pick(["lat", "lon", "t"]);
                var json = WithRawValue(body, 0, field, "\"oops\"", keepOriginal: true);
                return Samples("json-duplicate-key", $"samples[0].{field} twice, the first a string", json, "application/json", BadRequest, $"samples[0].{field}");
            default:
                var later = WithRawValue(body, 1, "hr", "\"high\"", keepOriginal: true, originalFirst: true);
                return Samples("json-duplicate-key", "samples[1].hr twice, the second a string", later, "application/json", BadRequest, "samples[1].hr");
        }
    }

    private FuzzCase JsonInvalidUtf8()
    {
        byte[][] sequences = [[0xFF], [0xC3, 0x28], [0xED, 0xA0, 0x80], [0xC0, 0xAF], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xE2, 0x82]];
        var bad = sequences[random.Next(sequences.Length)];
        var valid = ValidBody(1 + random.Next(3)).ToJsonString();
        var (where, before, after) = random.Next(3) switch
        {
            0 => ("an unknown property's name", "{\"note", "\":1," + valid[1..]),
            1 => ("an unknown property's value", "{\"note\":\"a", "\"," + valid[1..]),
            _ => ("the first sample's time", valid[..(valid.IndexOf("\"t\":", StringComparison.Ordinal) + 4)] + "\"2026",
                "\"," + valid[(valid.IndexOf("\"lat\"", StringComparison.Ordinal))..]),
        };
        var json = Encoding.UTF8.GetBytes(before).Concat(bad).Concat(Encoding.UTF8.GetBytes(after)).ToArray();
        return Samples("json-invalid-utf8", $"{Convert.ToHexString(bad)} in {where}", json, "application/json", BadRequest, "body");
    }

    /// <summary>Invalid UTF-8 inside an activity start's string values (the small bodies are parsed into a DOM).</summary>
    private FuzzCase StartInvalidUtf8()
    {
        var field = Pick(["sport", "country", "race_id", "note"]);
        var start = new JsonObject
        {
            ["activity_id"] = Guid.NewGuid().ToString(),
            ["sport"] = "run",
            ["started_at"] = activityStart.ToString("O", CultureInfo.InvariantCulture),
            [field] = "@@",
        };
        var text = Encoding.UTF8.GetBytes(start.ToJsonString());
        var at = text.AsSpan().IndexOf("@@"u8);
        text[at] = 0xC3;
        text[at + 1] = 0x28;
        return new FuzzCase("start-invalid-utf8", $"C328 in {field}", () => new HttpRequestMessage(HttpMethod.Post, "/v1/activities")
        {
            Content = new ByteArrayContent(text) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
            Headers = { Authorization = Bearer(IngestGateway.Token(userId)) },
        }, BadRequest, "body");
    }

    private FuzzCase JsonMissingField()
    {
        var body = ValidBody(1 + random.Next(3));
        var samples = body["samples"]!.AsArray();
        var index = random.Next(samples.Count);
        var sample = samples[index]!.AsObject();
        switch (random.Next(7))
        {
            case 0:
                sample.Remove("t");
                return SamplesJson("json-missing-field", $"samples[{index}] without t", body, $"samples[{index}].t");
            case 1:
                sample.Remove("lat");
                return SamplesJson("json-missing-field", $"samples[{index}] without lat", body, $"samples[{index}].lat");
            case 2:
                sample.Remove("lon");
                return SamplesJson("json-missing-field", $"samples[{index}] without lon", body, $"samples[{index}].lon");
            case 3:
                sample.Remove("lat");
                sample.Remove("lon");
                sample.Remove("hr");
                return SamplesJson("json-missing-field", $"samples[{index}] with neither position nor hr", body, $"samples[{index}].lat");
            case 4:
                return SamplesJson("json-missing-field", "no samples property", new JsonObject { ["seq"] = 1 }, "samples");
            case 5:
                return SamplesJson("json-missing-field", "an empty samples array", new JsonObject { ["samples"] = new JsonArray() }, "samples");
            default:
                var notObject = Pick(["[]", "\"samples\"", "42", "null", ""]);
                return Samples("json-missing-field", $"body {(notObject.Length == 0 ? "empty" : notObject)}", Encoding.UTF8.GetBytes(notObject), "application/json", BadRequest, "body");
        }
    }

    private FuzzCase JsonOutOfRange()
    {
        var body = ValidBody(1 + random.Next(3));
        var index = random.Next(body["samples"]!.AsArray().Count);
        var sample = body["samples"]![index]!.AsObject();
        var (field, value) = random.Next(8) switch
        {
            0 => ("lat", JsonValue.Create(90.000001 + random.NextDouble() * 100)),
            1 => ("lat", JsonValue.Create(-90.000001 - random.NextDouble() * 100)),
            2 => ("lon", JsonValue.Create(180.000001 + random.NextDouble() * 100)),
            3 => ("lon", JsonValue.Create(-180.5)),
            4 => ("hr", JsonValue.Create(random.Next(-5, 20))),
            5 => ("hr", JsonValue.Create(random.Next(251, 100_000))),
            6 => ("t", JsonValue.Create(DateTimeOffset.UtcNow.AddMinutes(6 + random.Next(10_000)).ToUnixTimeMilliseconds())),
            _ => ("t", JsonValue.Create(activityStart.AddSeconds(-1 - random.Next(100_000)).ToString("O", CultureInfo.InvariantCulture))),
        };
        sample[field] = value;
        return SamplesJson("json-out-of-range", $"samples[{index}].{field} = {value}", body, $"samples[{index}].{field}");
    }

    private FuzzCase ProtobufTruncated()
    {
        while (true)
        {
            var bytes = GpsBatchOf(1 + random.Next(5)).ToByteArray();
            var cut = 1 + random.Next(bytes.Length - 1);
            // A cut between two whole fields is a valid, shorter message: only cuts inside a field are bad input.
            if (!ParsesAs(bytes[..cut]))
            {
                return Samples("protobuf-truncated", $"cut at {cut} of {bytes.Length} bytes", bytes[..cut], "application/x-protobuf", BadRequest, "body");
            }
        }
    }

    private FuzzCase ProtobufBitFlip()
    {
        while (true)
        {
            var bytes = GpsBatchOf(1 + random.Next(5)).ToByteArray();
            var flips = 1 + random.Next(3);
            for (var i = 0; i < flips; i++)
            {
                bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
            }
            // A flip in a coordinate's low bits is still a valid batch: only flips that break the encoding count.
            if (!ParsesAs(bytes))
            {
                var heartRate = random.Next(4) == 0;
                return Samples("protobuf-bit-flip", $"{flips} flipped bits{(heartRate ? " (as HeartRateBatch)" : "")}", bytes,
                    heartRate ? "application/x-protobuf; proto=splitstream.v1.HeartRateBatch" : "application/x-protobuf", BadRequest, "body");
            }
        }
    }

    private FuzzCase ProtobufBadValue()
    {
        var batch = GpsBatchOf(1 + random.Next(3));
        var index = random.Next(batch.Samples.Count);
        var (field, apply) = random.Next(4) switch
        {
            0 => ("lat", (Action<GpsSample>)(s => s.Lat = double.NaN)),
            1 => ("lon", s => s.Lon = double.PositiveInfinity),
            2 => ("ele", s => s.Ele = double.NegativeInfinity),
            _ => ("t", s => s.TimeMs = long.MaxValue),
        };
        apply(batch.Samples[index]);
        return Samples("protobuf-bad-value", $"samples[{index}].{field} not finite or far future", batch.ToByteArray(), "application/x-protobuf", BadRequest, $"samples[{index}].{field}");
    }

    private FuzzCase WrongMediaType()
    {
        var type = Pick(["text/plain", "application/xml", "application/gpx+xml", "multipart/form-data; boundary=x", "application/octet-stream", "image/png"]);
        return Samples("media-type", type, Encoding.UTF8.GetBytes(ValidBody(1).ToJsonString()), type, new HashSet<int> { 415 });
    }

    private FuzzCase HostileTrackFile()
    {
        const string Gpx11 = "http://www.topografix.com/GPX/1/1";
        var point = $"<trkpt lat=\"45.1\" lon=\"-73.1\"><time>{activityStart.AddSeconds(5):yyyy-MM-ddTHH:mm:ssZ}</time></trkpt>";
        var (what, xml, field) = random.Next(10) switch
        {
            0 => ("external entity (file)", $"""<?xml version="1.0"?><!DOCTYPE gpx [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><gpx version="1.1" xmlns="{Gpx11}"><trk><name>&xxe;</name><trkseg>{point}</trkseg></trk></gpx>""", (string?)"body"),
            1 => ("external entity (http)", $"""<?xml version="1.0"?><!DOCTYPE gpx SYSTEM "http://127.0.0.1:9/evil.dtd"><gpx version="1.1" xmlns="{Gpx11}"><trk><trkseg>{point}</trkseg></trk></gpx>""", "body"),
            2 => ("parameter entity", $"""<?xml version="1.0"?><!DOCTYPE gpx [<!ENTITY % p SYSTEM "file:///etc/hostname"> %p;]><gpx version="1.1" xmlns="{Gpx11}"><trk><trkseg>{point}</trkseg></trk></gpx>""", "body"),
            3 => ("billion laughs", BillionLaughs(Gpx11, point), "body"),
            4 => ("deep nesting", $"<gpx version=\"1.1\" xmlns=\"{Gpx11}\"><trk><trkseg>{point}</trkseg></trk>" + Nest(33 + random.Next(5000)) + "</gpx>", "body"),
            5 => ("wrong namespace", Pick([
                $"<gpx version=\"1.1\" xmlns=\"http://www.topografix.com/GPX/2/0\"><trk><trkseg>{point}</trkseg></trk></gpx>",
                $"<gpx version=\"1.1\"><trk><trkseg>{point}</trkseg></trk></gpx>",
                $"<TrainingCenterDatabase xmlns=\"http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v1\"><Activities/></TrainingCenterDatabase>",
                "<kml xmlns=\"http://www.opengis.net/kml/2.2\"><Placemark/></kml>",
            ]), null),
            6 => ("truncated", Truncate($"<?xml version=\"1.0\"?><gpx version=\"1.1\" xmlns=\"{Gpx11}\"><trk><trkseg>{point}{point}</trkseg></trk></gpx>"), null),
            7 => ("point out of range", $"<gpx version=\"1.1\" xmlns=\"{Gpx11}\"><trk><trkseg>{point}{point.Replace("45.1", (90.5 + random.Next(100)).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)}</trkseg></trk></gpx>", "trkpt[1].lat"),
            8 => ("point without time", $"<gpx version=\"1.1\" xmlns=\"{Gpx11}\"><trk><trkseg>{point}<trkpt lat=\"45.2\" lon=\"-73.2\"/></trkseg></trk></gpx>", "trkpt[1].time"),
            _ => ("not xml", Pick(["lat,lon\n45,-73\n", "{\"gpx\": true}", "\u0000\u0001\u0002", "<", "<gpx"]), "body"),
        };
        return new FuzzCase("track-file", what, () => new HttpRequestMessage(HttpMethod.Post, "/v1/uploads?sport=run")
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes(xml)) { Headers = { ContentType = new MediaTypeHeaderValue("application/gpx+xml") } },
            Headers = { Authorization = Bearer(IngestGateway.Token(userId)) },
        }, BadRequest, field);
    }

    private FuzzCase BadToken()
    {
        var (what, token) = random.Next(9) switch
        {
            0 => ("bad signature", Tamper(IngestGateway.Token(userId))),
            1 => ("alg none", Unsigned("""{"alg":"none","typ":"JWT"}""", Claims(userId, Roles.Device, DateTimeOffset.UtcNow.AddHours(1)))),
            2 => ("wrong key", new TokenService(Encoding.UTF8.GetBytes("not-the-gateway-key-0123456789abcdef-" + random.Next())).Issue(userId, Roles.Device, TimeSpan.FromHours(1))),
            3 => ("expired", new TokenService(Encoding.UTF8.GetBytes(IngestGateway.SigningKey), new FixedTimeProvider(DateTimeOffset.UtcNow.AddHours(-2 - random.Next(1000))))
                .Issue(userId, Roles.Device, TimeSpan.FromHours(1))),
            4 => ("alg HS512 with the right key", Resigned("""{"alg":"HS512","typ":"JWT"}""", Claims(userId, Roles.Device, DateTimeOffset.UtcNow.AddHours(1)))),
            5 => ("unknown role", Resigned("""{"alg":"HS256","typ":"JWT"}""", Claims(userId, "superuser", DateTimeOffset.UtcNow.AddHours(1)))),
            6 => ("no subject", Resigned("""{"alg":"HS256","typ":"JWT"}""", $$"""{"role":"device","exp":{{DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds()}}}""")),
            7 => ("garbage", Pick(["", "abc", "a.b", "a.b.c.d", "....", "eyJ.eyJ.sig", new string('x', 5000)])),
            _ => ("missing", (string?)null),
        };
        var route = random.Next(4);
        var viaQuery = token is not null && random.Next(5) == 0;
        var (path, body) = route switch
        {
            0 => ("/v1/activities", $$"""{"activity_id":"{{Guid.NewGuid()}}","sport":"run","started_at":"{{activityStart:O}}"}"""),
            1 => ($"/v1/activities/{activityId}/events", $$"""{"type":"pause","at":"{{activityStart.AddMinutes(1):O}}"}"""),
            2 => ("/v1/uploads?sport=run", $"<gpx version=\"1.1\" xmlns=\"http://www.topografix.com/GPX/1/1\"><trk><trkseg><trkpt lat=\"1\" lon=\"2\"><time>{activityStart:yyyy-MM-ddTHH:mm:ssZ}</time></trkpt></trkseg></trk></gpx>"),
            _ => (SamplesPath, ValidBody(2).ToJsonString()),
        };
        if (viaQuery)
        {
            path += (path.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "access_token=" + Uri.EscapeDataString(token!);
        }
        return new FuzzCase("token", $"{what}{(viaQuery ? " (query)" : "")} on {path.Split('?')[0]}", () =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            if (token is not null && !viaQuery)
            {
                request.Headers.TryAddWithoutValidation("Authorization", random.Next(8) == 0 ? "Basic " + token : "Bearer " + token);
            }
            return request;
        }, new HashSet<int> { 401 });
    }

    private FuzzCase NoAccess()
    {
        var valid = ValidBody(1).ToJsonString();
        var (what, path, status) = random.Next(4) switch
        {
            0 => ("unknown activity", $"/v1/activities/{Guid.NewGuid()}/samples", 404),
            1 => ("malformed activity id", $"/v1/activities/{Pick(["not-a-uuid", "..%2F..%2Fetc", "%20", new string('9', 300)])}/samples", 404),
            2 => ("another user's activity (samples)", $"/v1/activities/{strangersActivityId}/samples", 403),
            _ => ("another user's activity (event)", $"/v1/activities/{strangersActivityId}/events", 403),
        };
        var body = path.EndsWith("/events", StringComparison.Ordinal) ? $$"""{"type":"stop","at":"{{activityStart.AddMinutes(2):O}}"}""" : valid;
        return new FuzzCase("access", what, () => new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
            Headers = { Authorization = Bearer(IngestGateway.Token(userId)) },
        }, new HashSet<int> { status });
    }

    private FuzzCase BadStartOrEvent()
    {
        if (random.Next(2) == 0)
        {
            var start = new JsonObject
            {
                ["activity_id"] = Guid.NewGuid().ToString(),
                ["sport"] = "run",
                ["started_at"] = activityStart.ToString("O", CultureInfo.InvariantCulture),
                ["country"] = "CA",
            };
            var (field, value) = random.Next(7) switch
            {
                0 => ("activity_id", (JsonNode?)Pick(["x", "123", "", "00000000-0000-0000-0000-00000000000g"])),
                1 => ("activity_id", JsonValue.Create(12345)),
                2 => ("sport", Pick(["swim", "RUN", "", "run "])),
                3 => ("started_at", Pick(["yesterday", "2026-11-21T10:00:00", "2026-13-01T00:00:00Z", DateTimeOffset.UtcNow.AddHours(1).ToString("O", CultureInfo.InvariantCulture)])),
                4 => ("started_at", JsonValue.Create(1_700_000_000_000)),
                5 => ("race_id", Pick(["has space", new string('r', 129), "semi;colon"])),
                _ => ("country", Pick(["CAN", "1A", "", "c"])),
            };
            start[field] = value?.DeepClone();
            return new FuzzCase("start-or-event", $"start with {field} = {Shorten(value?.ToJsonString() ?? "null")}", () => new HttpRequestMessage(HttpMethod.Post, "/v1/activities")
            {
                Content = new StringContent(start.ToJsonString(), Encoding.UTF8, "application/json"),
                Headers = { Authorization = Bearer(IngestGateway.Token(userId)) },
            }, BadRequest, field);
        }
        var (eventField, eventBody) = random.Next(5) switch
        {
            0 => ("type", $$"""{"type":"explode","at":"{{activityStart.AddMinutes(1):O}}"}"""),
            1 => ("type", $$"""{"at":"{{activityStart.AddMinutes(1):O}}"}"""),
            2 => ("at", """{"type":"pause","at":"soon"}"""),
            3 => ("at", $$"""{"type":"pause","at":"{{activityStart.AddMinutes(-5):O}}"}"""),
            _ => ("body", Pick(["{\"type\":", "[]", "\"pause\""])),
        };
        return new FuzzCase("start-or-event", $"event {Shorten(eventBody)}", () => new HttpRequestMessage(HttpMethod.Post, $"/v1/activities/{activityId}/events")
        {
            Content = new StringContent(eventBody, Encoding.UTF8, "application/json"),
            Headers = { Authorization = Bearer(IngestGateway.Token(userId)) },
        }, BadRequest, eventField);
    }

    private IEnumerable<FuzzCase> Oversized()
    {
        var tooLarge = new HashSet<int> { 413 };
        var padded = "{\"pad\":\"" + new string('x', (1 << 20) + random.Next(1000)) + "\"," + ValidBody(1).ToJsonString()[1..];
        yield return Samples("oversized", "JSON batch over 1 MiB", Encoding.UTF8.GetBytes(padded), "application/json", tooLarge);
        yield return Samples("oversized", "5,001 JSON samples", Encoding.UTF8.GetBytes(ValidBody(5001).ToJsonString()), "application/json", tooLarge);
        yield return Samples("oversized", "5,001 Protobuf samples", GpsBatchOf(5001).ToByteArray(), "application/x-protobuf", tooLarge);
        var chunked = Encoding.UTF8.GetBytes(padded);
        yield return new FuzzCase("oversized", "JSON batch over 1 MiB, chunked (no Content-Length)", () => new HttpRequestMessage(HttpMethod.Post, SamplesPath)
        {
            Content = new StreamContent(new MemoryStream(chunked)) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
            Headers = { Authorization = Bearer(IngestGateway.Token(userId)), TransferEncodingChunked = true },
        }, tooLarge);
        var start = $$"""{"activity_id":"{{Guid.NewGuid()}}","sport":"run","started_at":"{{activityStart:O}}","pad":"{{new string('p', 17_000)}}"}""";
        yield return new FuzzCase("oversized", "activity start over 16 KiB", () => new HttpRequestMessage(HttpMethod.Post, "/v1/activities")
        {
            Content = new StringContent(start, Encoding.UTF8, "application/json"),
            Headers = { Authorization = Bearer(IngestGateway.Token(userId)) },
        }, tooLarge);
        var huge = new byte[(16 << 20) + 1 + random.Next(1000)];
        Array.Fill(huge, (byte)' ');
        yield return new FuzzCase("oversized", "upload over 16 MiB", () => new HttpRequestMessage(HttpMethod.Post, "/v1/uploads?sport=run")
        {
            Content = new ByteArrayContent(huge) { Headers = { ContentType = new MediaTypeHeaderValue("application/gpx+xml") } },
            Headers = { Authorization = Bearer(IngestGateway.Token(userId)) },
        }, tooLarge);
    }

    private GpsBatch GpsBatchOf(int count)
    {
        var batch = new GpsBatch { ActivityId = activityId, UserId = userId };
        for (var i = 0; i < count; i++)
        {
            batch.Samples.Add(new GpsSample
            {
                TimeMs = activityStart.AddSeconds(nextSecond++).ToUnixTimeMilliseconds(),
                Lat = 45 + random.NextDouble() * 1e-3,
                Lon = -73 - random.NextDouble() * 1e-3,
                Ele = 12.5,
                Acc = 3,
            });
        }
        return batch;
    }

    private static bool ParsesAs(byte[] bytes)
    {
        try
        {
            GpsBatch.Parser.ParseFrom(bytes);
            return true;
        }
        catch (InvalidProtocolBufferException)
        {
            return false;
        }
    }

    /// <summary>The body with one sample's field replaced by raw JSON text (or added next to the original, for duplicate keys).</summary>
    private static byte[] WithRawValue(JsonObject body, int index, string field, string rawValue, bool keepOriginal = false, bool originalFirst = false)
    {
        const string Marker = "\"__fuzz_marker__\":0";
        var sample = body["samples"]![index]!.AsObject();
        var original = sample[field]?.ToJsonString() ?? "null";
        sample.Remove(field);
        sample["__fuzz_marker__"] = 0;
        var replacement = !keepOriginal ? $"\"{field}\":{rawValue}"
            : originalFirst ? $"\"{field}\":{original},\"{field}\":{rawValue}"
            : $"\"{field}\":{rawValue},\"{field}\":{original}";
        return Encoding.UTF8.GetBytes(body.ToJsonString().Replace(Marker, replacement, StringComparison.Ordinal));
    }

    private FuzzCase SamplesJson(string category, string description, JsonObject body, string field) =>
        Samples(category, description, Encoding.UTF8.GetBytes(body.ToJsonString()), "application/json", BadRequest, field);

    private FuzzCase Samples(string category, string description, byte[] body, string contentType, IReadOnlySet<int> expected, string? field = null) =>
        new(category, description, () => new HttpRequestMessage(HttpMethod.Post, SamplesPath)
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = MediaTypeHeaderValue.Parse(contentType) } },
            Headers = { Authorization = Bearer(IngestGateway.Token(userId)) },
        }, expected, field);

    private static AuthenticationHeaderValue Bearer(string token) => new("Bearer", token);

    private static string Claims(string sub, string role, DateTimeOffset expires) =>
        $$"""{"sub":"{{sub}}","role":"{{role}}","iat":{{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}},"exp":{{expires.ToUnixTimeSeconds()}}}""";

    private static string Unsigned(string header, string payload) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(header)) + "." + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload)) + ".";

    /// <summary>Signed with the gateway's own key but with a header or claims it must refuse.</summary>
    private static string Resigned(string header, string payload)
    {
        var input = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(header)) + "." + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload));
        var signature = System.Security.Cryptography.HMACSHA256.HashData(Encoding.UTF8.GetBytes(IngestGateway.SigningKey), Encoding.ASCII.GetBytes(input));
        return input + "." + Base64Url.EncodeToString(signature);
    }

    private string Tamper(string token)
    {
        var parts = token.Split('.');
        switch (random.Next(3))
        {
            case 0:
                var signature = Base64Url.DecodeFromChars(parts[2]);
                signature[random.Next(signature.Length)] ^= (byte)(1 << random.Next(8));
                return parts[0] + "." + parts[1] + "." + Base64Url.EncodeToString(signature);
            case 1:
                // Another user's claims under the original signature.
                return parts[0] + "." + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(Claims("someone-else", Roles.Admin, DateTimeOffset.UtcNow.AddHours(1)))) + "." + parts[2];
            default:
                return parts[0] + "." + parts[1] + ".";
        }
    }

    private static string BillionLaughs(string ns, string point)
    {
        var entities = new StringBuilder("<!ENTITY lol0 \"lol\">");
        for (var i = 1; i <= 9; i++)
        {
            entities.Append($"<!ENTITY lol{i} \"{string.Concat(Enumerable.Repeat($"&lol{i - 1};", 10))}\">");
        }
        return $"<?xml version=\"1.0\"?><!DOCTYPE gpx [{entities}]><gpx version=\"1.1\" xmlns=\"{ns}\"><trk><name>&lol9;</name><trkseg>{point}</trkseg></trk></gpx>";
    }

    private string Nest(int depth) => string.Concat(Enumerable.Repeat("<extensions>", depth)) + string.Concat(Enumerable.Repeat("</extensions>", depth));

    private string Truncate(string xml) => xml[..(1 + random.Next(xml.Length - 1))];

    private T Pick<T>(IReadOnlyList<T> options) => options[random.Next(options.Count)];

    private static string Shorten(string s) => s.Length <= 40 ? s : s[..37] + "...";
}
