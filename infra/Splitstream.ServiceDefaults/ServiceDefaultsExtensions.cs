using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Splitstream.Platform;
using Splitstream.Schemas;

namespace Splitstream.ServiceDefaults;

/// <summary>Cross-cutting set-up every Splitstream service composes in its Program.cs (eShop's ServiceDefaults pattern).</summary>
public static class ServiceDefaultsExtensions
{
    public const string ReadyTag = "ready";

    /// <summary>
    /// Configuration, logging, Kafka clients, the schema registry client, topic provisioning, health checks, tokens,
    /// problem details and OpenTelemetry. With <c>Kafka:BootstrapServers</c> empty, this process starts the embedded platform itself.
    /// </summary>
    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
            // Scopes (span, connection, request ids) make every line several hundred characters: opt in by configuration.
            o.IncludeScopes = false;
        });
        // The hosting diagnostics line carries the request URL, and with it a stream's ?access_token=: never at Information.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        StartEmbeddedPlatformIfUnconfigured(builder);

        var services = builder.Services;
        services.Configure<KafkaOptions>(builder.Configuration.GetSection(KafkaOptions.Section));
        services.Configure<SchemaRegistryOptions>(builder.Configuration.GetSection(SchemaRegistryOptions.Section));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<KafkaClients>();
        services.AddHostedService<LibrdkafkaVersionLog>();
        services.Configure<RuntimeOptions>(builder.Configuration.GetSection(RuntimeOptions.Section));
        services.AddHostedService<NativeHeapTrimmer>();
        services.TryAddSingleton(sp => RemoteSchemaRegistry.Create(sp.GetRequiredService<IOptions<SchemaRegistryOptions>>().Value.Url));
        services.TryAddSingleton<ITopicProvisioner>(sp =>
            sp.GetService<OwnedEmbeddedPlatform>() is { } owned ? new EmbeddedTopicProvisioner(owned.Platform.Cluster)
            : sp.GetRequiredService<IOptions<KafkaOptions>>().Value.EmbeddedControlUrl is { Length: > 0 } control
                ? new HttpTopicProvisioner(new Uri(control))
            : new AdminTopicProvisioner(sp.GetRequiredService<KafkaClients>().BootstrapServers,
                sp.GetRequiredService<IOptions<KafkaOptions>>().Value.TelemetryRetention));
        // A producer's acknowledgement is durable once the broker said so, or, on an embedded platform this process owns,
        // once its archive fsync'd the record.
        services.TryAddSingleton<IRecordDurability>(sp => sp.GetService<OwnedEmbeddedPlatform>()?.Platform.Durability ?? BrokerDurability.Instance);
        services.AddSingleton<KafkaReadinessCheck>();
        services.AddHealthChecks().AddCheck<KafkaReadinessCheck>("kafka", tags: [ReadyTag]);
        services.AddProblemDetails();
        services.AddSplitstreamAuthentication(builder.Configuration);
        builder.AddSplitstreamTelemetry();
        return builder;
    }

    /// <summary>
    /// <c>/healthz</c>: the process is alive. <c>/readyz</c>: every dependency tagged ready answers (503 otherwise).
    /// <c>/metrics</c>: Prometheus text (see <see cref="TelemetryExtensions.MapMetrics"/>). Also counts open SSE streams.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.UseSseClientCount();
        app.MapMetrics();
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteHealthAsync }).AllowAnonymous();
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = WriteHealthAsync }).AllowAnonymous();
        return app;
    }

    private static void StartEmbeddedPlatformIfUnconfigured(IHostApplicationBuilder builder)
    {
        if (!string.IsNullOrWhiteSpace(builder.Configuration[$"{KafkaOptions.Section}:BootstrapServers"]))
        {
            return;
        }
        var partitions = builder.Configuration.GetValue($"{KafkaOptions.Section}:Partitions", TopicCatalog.DefaultPartitions);
        // Kafka:EmbeddedDataDirectory (e.g. .data/kafka) makes this process's embedded cluster survive restarts.
        var dataDirectory = builder.Configuration[$"{KafkaOptions.Section}:{nameof(KafkaOptions.EmbeddedDataDirectory)}"];
        var platform = EmbeddedPlatform.StartAsync(partitions, dataDirectory: string.IsNullOrWhiteSpace(dataDirectory) ? null : dataDirectory)
            .GetAwaiter().GetResult();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{KafkaOptions.Section}:BootstrapServers"] = platform.BootstrapServers,
            [$"{SchemaRegistryOptions.Section}:Url"] = platform.SchemaRegistryUrl,
        });
        builder.Services.AddSingleton(new OwnedEmbeddedPlatform(platform));
        builder.Services.TryAddSingleton<ISchemaRegistry>(platform.Registry);
    }

    private static Task WriteHealthAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        }));
    }
}
