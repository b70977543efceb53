using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Splitstream.Schemas;
using Splitstream.Schemas.V1;
using ActivityEvent = Splitstream.Schemas.V1.ActivityEvent;

namespace Splitstream.Replay.Tests;

/// <summary>Exports read back: JSON lines, CSV and GPX against what was produced, time ranges, and interrupted exports.</summary>
public sealed class ExportTests(ReplayFixture fixture) : IClassFixture<ReplayFixture>, IDisposable
{
    private static readonly long T0 = new DateTimeOffset(2026, 11, 20, 8, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
    private readonly TestTopics topics = new(fixture.Platform);
    private readonly string directory = Directory.CreateTempSubdirectory("replay-tests-").FullName;

    /// <summary>Three activities, 10 batches of 6 GPS samples each (one batch re-sent), heart rate every 2 s on its own topic.</summary>
    private async Task<(string Gps, string Hr, Dictionary<string, List<GpsSample>> Tracks, Dictionary<string, List<HeartRateSample>> HeartRates)> ProduceActivitiesAsync()
    {
        var gps = topics.Create(Topics.Gps);
        var hr = topics.Create(Topics.HeartRate);
        var tracks = new Dictionary<string, List<GpsSample>>();
        var heartRates = new Dictionary<string, List<HeartRateSample>>();
        foreach (var a in Enumerable.Range(0, 3))
        {
            var id = Guid.NewGuid().ToString();
            tracks[id] = [];
            heartRates[id] = [];
            for (var b = 0; b < 10; b++)
            {
                var batch = new GpsBatch { ActivityId = id, UserId = $"user,{a}" };
                var hrBatch = new HeartRateBatch { ActivityId = id, UserId = $"user,{a}" };
                for (var i = 0; i < 6; i++)
                {
                    var t = T0 + a * 3_600_000L + (b * 6 + i) * 1000L;
                    var sample = new GpsSample { TimeMs = t, Lat = 45.5 + (b * 6 + i) * 1e-5, Lon = -73.6 - a * 1e-3 };
                    if (i % 3 != 2)
                    {
                        sample.Ele = 30 + i * 0.25;
                    }
                    if (i % 2 == 0)
                    {
                        sample.Acc = 3.5;
                        // 300 ms after the GPS point: the join picks it for this point (nearest within 2 s).
                        hrBatch.Samples.Add(new HeartRateSample { TimeMs = t + 300, Bpm = 120 + b + i });
                    }
                    batch.Samples.Add(sample);
                }
                tracks[id].AddRange(batch.Samples);
                heartRates[id].AddRange(hrBatch.Samples);
                var at = T0 + a * 3_600_000L + b * 6000L + 5000;
                await topics.ProduceAsync(gps, id, batch, at);
                await topics.ProduceAsync(hr, id, hrBatch, at + 100);
                if (b == 4)
                {
                    await topics.ProduceAsync(gps, id, batch, at + 50);
                }
            }
        }
        return (gps, hr, tracks, heartRates);
    }

    [Fact]
    public async Task Json_lines_carry_the_coordinates_and_the_decoded_value_of_every_record()
    {
        var topic = topics.Create(Topics.ActivityEvents);
        var produced = new List<(ActivityEvent Event, Confluent.Kafka.DeliveryResult<byte[], byte[]> Delivery)>();
        for (var i = 0; i < 40; i++)
        {
            var e = new ActivityEvent
            {
                ActivityId = $"act-{i % 7}",
                EventTimeMs = T0 + i,
                Started = i % 2 == 0 ? new Started { UserId = $"u{i}", Sport = "run", Country = "CA" } : null,
                Stopped = i % 2 == 1 ? new Stopped() : null,
            };
            produced.Add((e, await topics.ProduceAsync(topic, e.ActivityId, e, T0 + i * 1000)));
        }
        var poison = await topics.ProduceRawAsync(topic, "act-x", Encoding.UTF8.GetBytes("not a record"), T0 + 99_000);
        var output = Path.Combine(directory, "events.jsonl");

        var result = await new TopicExport(fixture.Connection).RunAsync(new ExportRequest(topic, ExportFormat.JsonLines, output, ReadSelection.All), NoProgress.Instance);

        var lines = File.ReadAllLines(output).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(41, lines.Count);
        Assert.Equal((41L, 41L, 1L), (result.RecordsSelected, result.ItemsWritten, result.Undecodable));
        var byCoordinates = lines.ToDictionary(l => (l.GetProperty("partition").GetInt32(), l.GetProperty("offset").GetInt64()));
        foreach (var (e, delivery) in produced)
        {
            var line = byCoordinates[(delivery.Partition.Value, delivery.Offset.Value)];
            Assert.Equal(topic, line.GetProperty("topic").GetString());
            Assert.Equal(e.ActivityId, line.GetProperty("key").GetString());
            Assert.Equal(T0 + produced.FindIndex(p => p.Delivery == delivery) * 1000L, line.GetProperty("timestamp_ms").GetInt64());
            Assert.Equal(e, Google.Protobuf.JsonParser.Default.Parse<ActivityEvent>(line.GetProperty("value").GetRawText()));
        }
        var bad = byCoordinates[(poison.Partition.Value, poison.Offset.Value)];
        Assert.Equal("not a record", Encoding.UTF8.GetString(Convert.FromBase64String(bad.GetProperty("value_base64").GetString()!)));
        Assert.False(string.IsNullOrEmpty(bad.GetProperty("decode_error").GetString()));
    }

    [Fact]
    public async Task Csv_has_one_row_per_sample_and_parses_back_to_the_samples()
    {
        var (gps, hr, tracks, heartRates) = await ProduceActivitiesAsync();
        var gpsCsv = Path.Combine(directory, "gps.csv");
        var hrCsv = Path.Combine(directory, "hr.csv");
        var export = new TopicExport(fixture.Connection);

        var gpsResult = await export.RunAsync(new ExportRequest(gps, ExportFormat.Csv, gpsCsv, ReadSelection.All), NoProgress.Instance);
        await export.RunAsync(new ExportRequest(hr, ExportFormat.Csv, hrCsv, ReadSelection.All), NoProgress.Instance);

        var gpsLines = File.ReadAllLines(gpsCsv);
        Assert.Equal(CsvSampleWriter.GpsHeader, gpsLines[0]);
        // The re-sent batch is there twice: CSV is the topic's content, sample by sample.
        Assert.Equal(tracks.Values.Sum(t => t.Count) + 3 * 6, gpsResult.ItemsWritten);
        var rows = gpsLines.Skip(1).Select(ParseCsv).ToList();
        foreach (var (id, track) in tracks)
        {
            var parsed = rows.Where(r => r[0] == id).Select(r => new GpsSample
            {
                TimeMs = long.Parse(r[2], CultureInfo.InvariantCulture),
                Lat = double.Parse(r[4], CultureInfo.InvariantCulture),
                Lon = double.Parse(r[5], CultureInfo.InvariantCulture),
            }.WithOptional(r[6], r[7])).DistinctBy(s => s.TimeMs).OrderBy(s => s.TimeMs).ToList();
            Assert.Equal(track, parsed);
            Assert.All(rows.Where(r => r[0] == id), r => Assert.Equal(Instant.Format(long.Parse(r[2], CultureInfo.InvariantCulture)), r[3]));
            Assert.Single(rows.Where(r => r[0] == id).Select(r => r[1]).Distinct(), u => u.StartsWith("user,", StringComparison.Ordinal));
        }
        var hrRows = File.ReadAllLines(hrCsv).Skip(1).Select(ParseCsv).ToList();
        Assert.Equal(heartRates.SelectMany(h => h.Value.Select(s => (h.Key, s.TimeMs, s.Bpm))).Order(),
            hrRows.Select(r => (r[0], long.Parse(r[2], CultureInfo.InvariantCulture), int.Parse(r[4], CultureInfo.InvariantCulture))).Order());
    }

    [Fact]
    public async Task Gpx_per_activity_round_trips_with_heart_rate_joined_by_nearest_time()
    {
        var (gps, hr, tracks, heartRates) = await ProduceActivitiesAsync();
        var output = Path.Combine(directory, "gpx");

        var result = await new TopicExport(fixture.Connection).RunAsync(
            new ExportRequest(gps, ExportFormat.Gpx, output, ReadSelection.All) { JoinHeartRate = true, HeartRateTopic = hr }, NoProgress.Instance);

        Assert.Equal(tracks.Keys.Order().Select(id => Path.Combine(output, id + ".gpx")), result.Files.Order());
        XNamespace ns = GpxWriter.GpxNamespace, tpx = GpxWriter.TrackPointExtensionNamespace;
        var expectedHeartRates = new Dictionary<string, List<int?>>();
        foreach (var (id, track) in tracks)
        {
            var points = XDocument.Load(Path.Combine(output, id + ".gpx")).Descendants(ns + "trkpt").ToList();
            Assert.Equal(track.Select(s => (s.Lat, s.Lon, s.TimeMs)), points.Select(p => (
                (double)p.Attribute("lat")!, (double)p.Attribute("lon")!, DateTimeOffset.Parse(p.Element(ns + "time")!.Value, CultureInfo.InvariantCulture).ToUnixTimeMilliseconds())));
            Assert.Equal(track.Select(s => s.HasEle ? s.Ele : (double?)null), points.Select(p => (double?)p.Element(ns + "ele")));
            var expectedHr = track.Select(s => heartRates[id].Where(h => Math.Abs(h.TimeMs - s.TimeMs) <= 2000)
                .OrderBy(h => Math.Abs(h.TimeMs - s.TimeMs)).ThenBy(h => h.TimeMs).Select(h => (int?)h.Bpm).FirstOrDefault()).ToList();
            expectedHeartRates[id] = expectedHr;
            Assert.Equal(expectedHr, points.Select(p => (int?)p.Descendants(tpx + "hr").SingleOrDefault()));
        }
        // An independent reader: gpxpy reads every file back point for point, with the same values.
        var read = GpxPy.Read(result.Files);
        Assert.Equal(tracks.Keys.Order().Select(id => id + ".gpx"), read.Keys.Order());
        foreach (var (id, track) in tracks)
        {
            Assert.Equal(
                track.Zip(expectedHeartRates[id], (s, bpm) => new GpxPyPoint(s.Lat, s.Lon, s.TimeMs, s.HasEle ? s.Ele : null, bpm)),
                read[id + ".gpx"]);
        }
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public async Task A_time_range_or_an_activity_selects_exactly_the_records_in_it(bool byTime, bool byActivity)
    {
        var (gps, _, tracks, _) = await ProduceActivitiesAsync();
        var all = topics.ReadAll(gps);
        var activity = tracks.Keys.ElementAt(1); // the second activity: partly inside the time range
        var from = T0 + 3_600_000L + 20_000;
        var to = T0 + 2 * 3_600_000L + 30_000;
        var selection = new ReadSelection(byTime ? from : null, byTime ? to : null, byActivity ? activity : null);
        var output = Path.Combine(directory, "range.jsonl");

        await new TopicExport(fixture.Connection).RunAsync(new ExportRequest(gps, ExportFormat.JsonLines, output, selection), NoProgress.Instance);

        var expected = all.Where(r => selection.Includes(Encoding.UTF8.GetString(r.Message.Key), r.Message.Timestamp.UnixTimestampMs))
            .Select(r => (r.Partition.Value, r.Offset.Value)).Order().ToList();
        Assert.NotEmpty(expected);
        Assert.True(expected.Count < all.Count);
        var exported = File.ReadAllLines(output).Select(l => JsonDocument.Parse(l).RootElement)
            .Select(l => (l.GetProperty("partition").GetInt32(), l.GetProperty("offset").GetInt64())).Order().ToList();
        Assert.Equal(expected, exported);
    }

    [Fact]
    public async Task An_interrupted_export_leaves_no_partial_file_and_the_previous_output_untouched()
    {
        var (gps, _, _, _) = await ProduceActivitiesAsync();
        var output = Path.Combine(directory, "interrupted.jsonl");
        File.WriteAllText(output, "previous export\n");
        var gpxDirectory = Path.Combine(directory, "interrupted-gpx");
        using var cancel = new CancellationTokenSource();
        var cancelling = new CancelAfter(cancel, records: 5);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            new TopicExport(fixture.Connection).RunAsync(new ExportRequest(gps, ExportFormat.JsonLines, output, ReadSelection.All), cancelling, cancel.Token));
        using var cancelGpx = new CancellationTokenSource();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            new TopicExport(fixture.Connection).RunAsync(new ExportRequest(gps, ExportFormat.Gpx, gpxDirectory, ReadSelection.All), new CancelAfter(cancelGpx, 5), cancelGpx.Token));

        Assert.Equal("previous export\n", File.ReadAllText(output));
        Assert.Equal([output], Directory.GetFiles(directory));
        Assert.True(!Directory.Exists(gpxDirectory) || Directory.GetFileSystemEntries(gpxDirectory).Length == 0);
    }

    public void Dispose()
    {
        topics.Dispose();
        Directory.Delete(directory, recursive: true);
    }

    private static string[] ParseCsv(string line)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    cell.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                cells.Add(cell.ToString());
                cell.Clear();
            }
            else
            {
                cell.Append(c);
            }
        }
        cells.Add(cell.ToString());
        return [.. cells];
    }

    /// <summary>Cancels a run once it has read some records: the moment an analyst presses Ctrl-C.</summary>
    private sealed class CancelAfter(CancellationTokenSource cancel, long records) : IProgressSink
    {
        public void Report(long done, long total)
        {
            if (done >= records)
            {
                cancel.Cancel();
            }
        }

        public void Complete(string summary)
        {
        }
    }
}
