using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Scalar.AspNetCore;
using Splitstream.Schemas;

namespace Splitstream.ServiceDefaults;

/// <summary>
/// OpenTelemetry for every service: the <see cref="SplitstreamTelemetry"/> meter and source plus ASP.NET Core's own,
/// Prometheus text at <c>GET /metrics</c>, OTLP export only when <c>Telemetry:OtlpEndpoint</c> is set.
/// </summary>
public static class TelemetryExtensions
{
    public const string MetricsPath = "/metrics";

    public static TBuilder AddSplitstreamTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var section = builder.Configuration.GetSection(TelemetryOptions.Section);
        builder.Services.Configure<TelemetryOptions>(section);
        var options = section.Get<TelemetryOptions>() ?? new TelemetryOptions();
        var otlp = string.IsNullOrWhiteSpace(options.OtlpEndpoint) ? null : new Uri(options.OtlpEndpoint);
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(builder.Environment.ApplicationName))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(SplitstreamTelemetry.Name).AddAspNetCoreInstrumentation().AddPrometheusExporter();
                if (otlp is not null)
                {
                    metrics.AddOtlpExporter(o => o.Endpoint = otlp);
                }
            });
        if (options.Tracing)
        {
            telemetry.WithTracing(tracing =>
            {
                tracing.AddSource(SplitstreamTelemetry.Name)
                    // Scrapes and health probes are not requests worth a trace.
                    .AddAspNetCoreInstrumentation(o => o.Filter = context => !IsOperational(context.Request.Path));
                if (otlp is not null)
                {
                    tracing.AddOtlpExporter(o => o.Endpoint = otlp);
                }
            });
        }
        return builder;
    }

    /// <summary>
    /// <c>GET /metrics</c>: Prometheus text of this process's meters. Anonymous unless <c>Telemetry:MetricsPolicy</c> names
    /// a policy. Labels are topics, groups, partitions, route templates and outcomes, never users, ids or URLs.
    /// </summary>
    public static IEndpointConventionBuilder MapMetrics(this IEndpointRouteBuilder routes)
    {
        var policy = routes.ServiceProvider.GetRequiredService<IOptions<TelemetryOptions>>().Value.MetricsPolicy;
        var endpoint = routes.MapPrometheusScrapingEndpoint(MetricsPath);
        return string.IsNullOrWhiteSpace(policy) ? endpoint.AllowAnonymous() : endpoint.RequireAuthorization(policy);
    }

    /// <summary>
    /// The API reference (Scalar) at <c>/scalar</c> over the service's OpenAPI documents (<c>/openapi/{document}.json</c>).
    /// Anonymous, like the documents: it describes routes, it holds no data.
    /// </summary>
    public static IEndpointConventionBuilder MapApiReference(this IEndpointRouteBuilder routes, string title) =>
        routes.MapScalarApiReference("/scalar", o => o.WithTitle(title)).AllowAnonymous();

    /// <summary>Counts open Server-Sent Events streams (requests that accept <c>text/event-stream</c>) by route template.</summary>
    public static IApplicationBuilder UseSseClientCount(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (!context.Request.Headers.Accept.ToString().Contains("text/event-stream", StringComparison.OrdinalIgnoreCase))
        {
            await next(context);
            return;
        }
        var route = new KeyValuePair<string, object?>("route", (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "unmatched");
        SplitstreamTelemetry.SseClients.Add(1, route);
        try
        {
            await next(context);
        }
        finally
        {
            SplitstreamTelemetry.SseClients.Add(-1, route);
        }
    });

    /// <summary>Publishes the consumer lag of <paramref name="groups"/> (see <see cref="ConsumerLagMonitor"/>).</summary>
    public static IServiceCollection AddConsumerLagMonitor(this IServiceCollection services, IReadOnlyList<string> groups) =>
        services.AddSingleton<IHostedService>(sp => ActivatorUtilities.CreateInstance<ConsumerLagMonitor>(sp, groups));

    private static bool IsOperational(PathString path) =>
        path.StartsWithSegments(MetricsPath) || path.StartsWithSegments("/healthz") || path.StartsWithSegments("/readyz");
}
