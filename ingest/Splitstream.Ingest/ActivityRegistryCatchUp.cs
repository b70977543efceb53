using System.Diagnostics;
using Confluent.Kafka;
using Microsoft.Extensions.Options;
using Splitstream.Schemas;
using Splitstream.ServiceDefaults;

namespace Splitstream.Ingest;

/// <summary>
/// Read-your-writes across gateway instances. A start accepted by another gateway is on activity.events.v1 before that
/// gateway answered 201, but this instance's loader may not have read it yet. On a miss, the request waits (at most
/// <see cref="IngestOptions.RegistryCatchUpTimeout"/>) until the loader has read every partition up to the end offsets
/// the log has now, then looks again: an activity started anywhere is never a false 404. A miss that finds the loader
/// still behind at the deadline is a 503 with Retry-After, as while the registry loads.
/// Concurrent misses share one watermark query, but only one that began after they arrived (an older one may predate
/// the start they are looking for).
/// </summary>
public sealed class ActivityRegistryCatchUp(
    ActivityRegistry registry, KafkaClients clients, IOptions<IngestOptions> options, ILogger<ActivityRegistryCatchUp> log) : IDisposable
{
    private static readonly TimeSpan WatermarkTimeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(5);

    private readonly Lazy<IConsumer<byte[], byte[]>> watermarks = new(() =>
        new ConsumerBuilder<byte[], byte[]>(clients.Consumer("splitstream-ingest-registry-ends", "splitstream-ingest-registry-ends"))
            .SetLogHandler((_, _) => { })
            .Build());
    private readonly Lock gate = new();
    private (long StartedAt, Task<IReadOnlyDictionary<int, long>> Ends)? latest;

    /// <summary>True once the loader has read everything activity.events.v1 held when this was called; false at the deadline.</summary>
    public async Task<bool> WaitForLogEndAsync(CancellationToken cancellationToken)
    {
        var arrivedAt = Stopwatch.GetTimestamp();
        var deadline = arrivedAt + (long)(options.Value.RegistryCatchUpTimeout.TotalSeconds * Stopwatch.Frequency);
        IReadOnlyDictionary<int, long> ends;
        try
        {
            ends = await EndsAfter(arrivedAt).WaitAsync(options.Value.RegistryCatchUpTimeout, cancellationToken);
        }
        catch (KafkaException e)
        {
            log.LogWarning("activity registry catch-up: end offsets unavailable: {Reason}", e.Error.Reason);
            return false;
        }
        catch (TimeoutException)
        {
            return false;
        }
        while (!registry.HasRead(ends))
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                return false;
            }
            await Task.Delay(PollInterval, cancellationToken);
        }
        return true;
    }

    private Task<IReadOnlyDictionary<int, long>> EndsAfter(long arrivedAt)
    {
        lock (gate)
        {
            if (latest is { } current && current.StartedAt >= arrivedAt)
            {
                return current.Ends;
            }
            var startedAt = Stopwatch.GetTimestamp();
            var ends = Task.Run(QueryEnds);
            latest = (startedAt, ends);
            return ends;
        }
    }

    private IReadOnlyDictionary<int, long> QueryEnds()
    {
        var ends = new Dictionary<int, long>();
        foreach (var partition in registry.Partitions)
        {
            var marks = watermarks.Value.QueryWatermarkOffsets(new TopicPartition(Topics.ActivityEvents, partition), WatermarkTimeout);
            ends[partition] = marks.High.Value;
        }
        return ends;
    }

    public void Dispose()
    {
        if (watermarks.IsValueCreated)
        {
            watermarks.Value.Dispose();
        }
    }
}
