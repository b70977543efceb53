using System.Text;
using Confluent.Kafka;
using Splitstream.Schemas;
using Splitstream.Schemas.V1;

namespace Splitstream.Replay;

/// <summary>
/// Replays a topic (or a time range of it, or one activity) into a file: JSON lines, CSV, or GPX per activity. The
/// offsets to read are fixed at the start; everything is written under temporary names and renamed into place only
/// when the whole export succeeded, so a failure or Ctrl-C leaves no partial output.
/// </summary>
public sealed class TopicExport(ReplayConnection connection, OffsetLocator? locator = null)
{
    private readonly OffsetLocator locator = locator ?? new OffsetLocator(connection);

    public async Task<ExportResult> RunAsync(ExportRequest request, IProgressSink progress, CancellationToken cancellationToken = default)
    {
        var ranges = TopicRanges.Plan(connection, request.Topic, request.Selection, locator);
        return request.Format switch
        {
            ExportFormat.JsonLines => await ToJsonLinesAsync(request, ranges, progress, cancellationToken),
            ExportFormat.Csv => await ToCsvAsync(request, ranges, progress, cancellationToken),
            ExportFormat.Gpx => await ToGpxAsync(request, ranges, progress, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(request)),
        };
    }

    private async Task<ExportResult> ToJsonLinesAsync(ExportRequest request, IReadOnlyList<PartitionRange> ranges, IProgressSink progress, CancellationToken cancellationToken)
    {
        using var file = AtomicFile.Create(request.Output);
        var writer = new JsonLinesWriter(file.Stream);
        var selected = 0L;
        await ReadSelectedAsync(ranges, request.Selection, async record =>
        {
            selected++;
            await writer.WriteAsync(record);
        }, progress, cancellationToken);
        await file.CommitAsync();
        return new ExportResult(selected, selected, writer.Undecodable, [file.Path], ranges);
    }

    private async Task<ExportResult> ToCsvAsync(ExportRequest request, IReadOnlyList<PartitionRange> ranges, IProgressSink progress, CancellationToken cancellationToken)
    {
        using var file = AtomicFile.Create(request.Output);
        var writer = new CsvSampleWriter(file.Stream, request.Topic);
        var selected = 0L;
        await ReadSelectedAsync(ranges, request.Selection, async record =>
        {
            selected++;
            await writer.WriteAsync(record);
        }, progress, cancellationToken);
        await writer.FlushAsync();
        await file.CommitAsync();
        return new ExportResult(selected, writer.Rows, writer.Undecodable, [file.Path], ranges);
    }

    private async Task<ExportResult> ToGpxAsync(ExportRequest request, IReadOnlyList<PartitionRange> ranges, IProgressSink progress, CancellationToken cancellationToken)
    {
        if (TopicCodec.BaseTopic(request.Topic) != Topics.Gps)
        {
            throw new ArgumentException($"GPX is written from {Topics.Gps} (with --hr to join heart rate), not {request.Topic}");
        }
        var tracks = new SortedDictionary<string, SortedDictionary<long, GpsSample>>(StringComparer.Ordinal);
        var heartRates = new Dictionary<string, HeartRateSeries>();
        var selected = 0L;
        var undecodable = 0L;
        await ReadSelectedAsync(ranges, request.Selection, record =>
        {
            selected++;
            if (TopicCodec.TryDecode(record.Topic, record.Message.Value, out _) is GpsBatch batch)
            {
                var track = tracks.TryGetValue(Key(record, batch.ActivityId), out var t) ? t : tracks[Key(record, batch.ActivityId)] = [];
                foreach (var s in batch.Samples)
                {
                    // A re-sent batch repeats its samples: one point per time, as the point store keeps them.
                    track.TryAdd(s.TimeMs, s);
                }
            }
            else
            {
                undecodable++;
            }
            return Task.CompletedTask;
        }, progress, cancellationToken);
        if (request.JoinHeartRate)
        {
            var hrRanges = TopicRanges.Plan(connection, request.HeartRateTopic, request.Selection, locator);
            await ReadSelectedAsync(hrRanges, request.Selection, record =>
            {
                if (TopicCodec.TryDecode(record.Topic, record.Message.Value, out _) is HeartRateBatch batch && tracks.ContainsKey(Key(record, batch.ActivityId)))
                {
                    var series = heartRates.TryGetValue(Key(record, batch.ActivityId), out var h) ? h : heartRates[Key(record, batch.ActivityId)] = new HeartRateSeries();
                    foreach (var s in batch.Samples)
                    {
                        series.Add(s.TimeMs, s.Bpm);
                    }
                }
                return Task.CompletedTask;
            }, progress, cancellationToken);
        }
        var directory = Path.GetFullPath(request.Output);
        Directory.CreateDirectory(directory);
        var staging = Path.Combine(directory, AtomicFile.TempMarker.TrimStart('.') + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(staging);
        var files = new List<string>();
        try
        {
            foreach (var (activityId, track) in tracks)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var series = heartRates.GetValueOrDefault(activityId);
                await using var stream = File.Create(Path.Combine(staging, FileName(activityId)));
                GpxWriter.Write(stream, activityId, [.. track.Values], t => series?.Nearest(t, request.HeartRateTolerance));
            }
            foreach (var activityId in tracks.Keys)
            {
                var target = Path.Combine(directory, FileName(activityId));
                File.Move(Path.Combine(staging, FileName(activityId)), target, overwrite: true);
                files.Add(target);
            }
        }
        finally
        {
            Directory.Delete(staging, recursive: true);
        }
        return new ExportResult(selected, files.Count, undecodable, files, ranges);
    }

    private async Task ReadSelectedAsync(IReadOnlyList<PartitionRange> ranges, ReadSelection selection,
        Func<ConsumeResult<byte[], byte[]>, Task> onRecord, IProgressSink progress, CancellationToken cancellationToken)
    {
        await new RangeReader(connection).ReadAsync(ranges, record =>
        {
            var key = record.Message.Key is { } k ? Encoding.UTF8.GetString(k) : null;
            return selection.Includes(key, record.Message.Timestamp.UnixTimestampMs) ? onRecord(record) : Task.CompletedTask;
        }, progress, cancellationToken);
    }

    /// <summary>The activity a telemetry record belongs to: its key (DESIGN §2), else the id inside the message.</summary>
    private static string Key(ConsumeResult<byte[], byte[]> record, string fromMessage) =>
        record.Message.Key is { Length: > 0 } key ? Encoding.UTF8.GetString(key) : fromMessage;

    /// <summary>Activity ids are UUIDs; anything else is made safe for a file name.</summary>
    public static string FileName(string activityId) =>
        string.Concat(activityId.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_')).TrimStart('.') + ".gpx";
}
