using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Splitstream.Schemas;

/// <summary>
/// The one meter and activity source of Splitstream (name <c>Splitstream</c>), shared by every component so a service's
/// OpenTelemetry set-up (ServiceDefaults) needs one <c>AddMeter</c> and one <c>AddSource</c>. Tags are component names,
/// topics, groups, partitions and outcomes: never a user, an activity, a URL or a token, because <c>/metrics</c> may be
/// scraped anonymously (see the README's "Metrics and traces").
/// </summary>
public static class SplitstreamTelemetry
{
    public const string Name = "Splitstream";

    public static readonly ActivitySource Source = new(Name);

    public static readonly Meter Meter = new(Name);

    /// <summary>Samples the gateway accepted (published) or rejected (invalid, too large, unavailable); tag <c>outcome</c>.</summary>
    public static readonly Counter<long> IngestSamples = Meter.CreateCounter<long>("splitstream.ingest.samples", "{sample}",
        "Samples posted to the ingest gateway, by outcome (accepted, rejected)");

    /// <summary>From handing a batch's records to the producer to their acknowledgement (and durability); tag <c>outcome</c>.</summary>
    public static readonly Histogram<double> PublishDuration = Meter.CreateHistogram<double>("splitstream.ingest.publish.duration", "s",
        "Time from producing a batch's records to Kafka's acknowledgement, by outcome (persisted, unavailable)");

    /// <summary>Records older than their window's grace, dropped by a topology; tag <c>application</c>.</summary>
    public static readonly Counter<long> LateRecords = Meter.CreateCounter<long>("splitstream.streams.late_records", "{record}",
        "Records that arrived after their window closed, by topology application id");

    /// <summary>Records sent to the dead-letter topic; tags <c>source_topic</c> and <c>component</c> (streams, sink).</summary>
    public static readonly Counter<long> DeadLetters = Meter.CreateCounter<long>("splitstream.dead_letters", "{record}",
        "Records sent to the dead-letter topic, by source topic and component");

    /// <summary>Time a task took to restore its stores from their changelogs; tag <c>application</c>.</summary>
    public static readonly Histogram<double> RestoreDuration = Meter.CreateHistogram<double>("splitstream.streams.restore.duration", "s",
        "Time to restore one task's state stores from their changelogs, by topology application id");

    /// <summary>Records a sink wrote to the store (its throughput is the rate); tag <c>sink</c>.</summary>
    public static readonly Counter<long> SinkRecords = Meter.CreateCounter<long>("splitstream.sink.records", "{record}",
        "Records a sink wrote to the store (in committed batches), by sink");

    /// <summary>Server-Sent Events streams open now; tag <c>route</c> (the route template).</summary>
    public static readonly UpDownCounter<long> SseClients = Meter.CreateUpDownCounter<long>("splitstream.sse.clients", "{client}",
        "Server-Sent Events streams currently open, by route template");

    /// <summary>Resident bytes the periodic trim of the C heap returned to the kernel (ServiceDefaults' NativeHeapTrimmer).</summary>
    public static readonly Counter<long> NativeHeapTrimmed = Meter.CreateCounter<long>("splitstream.native_heap.trimmed", "By",
        "Resident bytes the periodic malloc_trim of the C heap returned to the kernel");

    /// <summary>How long one trim of the C heap took (it holds each malloc arena's lock while it walks it).</summary>
    public static readonly Histogram<double> NativeHeapTrimDuration = Meter.CreateHistogram<double>("splitstream.native_heap.trim.duration", "s",
        "Time one malloc_trim of the C heap took");

    /// <summary>Webhook delivery attempts; tag <c>outcome</c> (delivered, failed, dead).</summary>
    public static readonly Counter<long> WebhookDeliveries = Meter.CreateCounter<long>("splitstream.webhook.deliveries", "{attempt}",
        "Webhook delivery attempts, by outcome (delivered, failed: retried later, dead)");
}
