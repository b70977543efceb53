namespace Splitstream.Ingest;

/// <summary>The <c>Ingest</c> configuration section: limits, producer timeouts and the per-token rate limit.</summary>
public sealed class IngestOptions
{
    public const string Section = "Ingest";

    /// <summary>DESIGN §3: at most 5,000 samples per batch (413 beyond).</summary>
    public int MaxSamplesPerBatch { get; set; } = 5000;

    /// <summary>A user found not registered for a race is looked up again after this long (a new registration counts within it).</summary>
    public TimeSpan RaceRegistrationRecheck { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>DESIGN §3: at most 1 MiB per batch body (413 beyond).</summary>
    public int MaxBatchBytes { get; set; } = 1 << 20;

    /// <summary>GPX/TCX uploads hold a whole activity, so they get a larger, separate bound.</summary>
    public int MaxUploadBytes { get; set; } = 16 << 20;

    /// <summary>Points of one uploaded file (a 24 h activity at 1 Hz is 86,400).</summary>
    public int MaxUploadPoints { get; set; } = 200_000;

    /// <summary>How far in the future a sample or event time may be (device clocks drift).</summary>
    public TimeSpan MaxFutureSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// librdkafka's message.timeout.ms for the gateway: short, so a dead cluster answers 503 within seconds rather than
    /// holding a device's request (and its memory) for the default five minutes.
    /// </summary>
    public int ProducerMessageTimeoutMs { get; set; } = 5000;

    /// <summary>
    /// librdkafka's linger.ms for the gateway (the other producers keep 5 ms). A request becomes one record per
    /// activity, so at 5 ms a partition's message set held 1.2–1.5 records at 100,000 samples/s; at 20 ms it holds
    /// 1.8–2.1: fewer produce requests and message sets for any broker, and for the embedded cluster, whose fetch walks
    /// a partition's sets from the oldest (one walk per set and consumer group, as long as the sets it keeps), a cost
    /// that falls with the square of the set's size (issue 16). The 202 waits for delivery, so a request's answer takes
    /// up to this much longer; ack→summary, measured from the 202, does not.
    /// </summary>
    public int ProducerLingerMs { get; set; } = 20;

    /// <summary>
    /// How long a batch or event for an activity this gateway doesn't know waits for its registry to read
    /// activity.events.v1 up to the current end (a start accepted by another gateway instance) before it is a 404.
    /// </summary>
    public TimeSpan RegistryCatchUpTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Bytes of serialized records awaiting delivery reports; beyond this a batch is refused with 503 (back-pressure).</summary>
    public long MaxInFlightBytes { get; set; } = 64L << 20;

    /// <summary>The Retry-After, in seconds, sent with 503 answers.</summary>
    public int RetryAfterSeconds { get; set; } = 2;

    /// <summary>Requests per second per token subject (token bucket refill); generous so tests and benchmarks are not throttled.</summary>
    public int RateLimitPermitsPerSecond { get; set; } = 10_000;

    /// <summary>Token bucket size per token subject: the burst a device may send at once.</summary>
    public int RateLimitBurst { get; set; } = 20_000;

    /// <summary>Open sample WebSockets per token subject; one more is 429.</summary>
    public int MaxWebSocketsPerUser { get; set; } = 8;

    /// <summary>Open sample WebSockets of this gateway instance in all; one more is 429.</summary>
    public int MaxWebSockets { get; set; } = 2000;

    /// <summary>A WebSocket that sends no frame for this long is closed (1008, "idle timeout"); the device reconnects when it has data.</summary>
    public TimeSpan WebSocketIdleTimeout { get; set; } = TimeSpan.FromSeconds(60);
}
