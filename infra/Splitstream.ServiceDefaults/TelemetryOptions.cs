namespace Splitstream.ServiceDefaults;

/// <summary>The <c>Telemetry</c> section: where traces and metrics go besides <c>GET /metrics</c>, and who may read it.</summary>
public sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    /// <summary>An OTLP collector (e.g. <c>http://collector:4317</c>): traces and metrics are exported there too. Empty: no export.</summary>
    public string OtlpEndpoint { get; set; } = "";

    /// <summary>
    /// The authorization policy <c>GET /metrics</c> requires (e.g. <c>admin</c>, see Policies). Empty: anonymous, the
    /// usual set-up for a Prometheus scraper on a private network; the metrics carry no user data either way.
    /// </summary>
    public string MetricsPolicy { get; set; } = "";

    /// <summary>Spans for HTTP requests, topology records and sink writes, and W3C trace context in Kafka headers.</summary>
    public bool Tracing { get; set; } = true;

    /// <summary>How often consumer lag is measured (committed offsets against partition ends).</summary>
    public TimeSpan LagInterval { get; set; } = TimeSpan.FromSeconds(5);
}
