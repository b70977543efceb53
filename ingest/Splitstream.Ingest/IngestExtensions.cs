using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Splitstream.ServiceDefaults;
using Splitstream.Store;

namespace Splitstream.Ingest;

/// <summary>Composition of the ingest gateway, shared by its own Program.cs and the all-in-one host.</summary>
public static class IngestExtensions
{
    public const string DefaultUrl = "http://127.0.0.1:8080";

    public static IHostApplicationBuilder AddIngest(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        builder.AddAccountStore();
        services.AddDeviceRevocations(sp => sp.GetRequiredService<IAccountStore>().ListRevokedDeviceIdsAsync);
        services.Configure<IngestOptions>(builder.Configuration.GetSection(IngestOptions.Section));
        // Uploads keep their status, duplicates and device laps in the store (IUploadStore, migration 10).
        builder.AddSplitstreamStore(ServiceDefaultsExtensions.ReadyTag);
        services.AddSingleton<ActivityRegistry>();
        services.AddSingleton<ActivityRegistryCatchUp>();
        services.AddHostedService<ActivityRegistryLoader>();
        services.AddSingleton<TelemetryPublisher>();
        services.AddSingleton<ITelemetryPublisher>(sp => sp.GetRequiredService<TelemetryPublisher>());
        services.AddHostedService<PublisherWarmUp>();
        services.AddSingleton<IngestServices>();
        services.AddSingleton<WebSocketBudget>();
        // Bound request records (start, event, manual activity) that don't bind answer 400 naming the field, not an unexplained 400.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddExceptionHandler<BadRequestBodyHandler>();
        // Race registrations are read from the store the query API writes them to.
        services.AddSingleton<RaceRegistrations>();
        services.AddHealthChecks().AddCheck<ActivityRegistryReadinessCheck>("activity-registry", tags: [ServiceDefaultsExtensions.ReadyTag]);
        services.AddOpenApi();
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = WriteRateLimitedAsync;
            // One bucket per token subject: a device fleet of one user shares its user's budget, strangers never do.
            limiter.AddPolicy(IngestApi.RateLimitPolicy, context =>
            {
                var options = context.RequestServices.GetRequiredService<IOptions<IngestOptions>>().Value;
                var subject = context.User.Identity?.IsAuthenticated == true ? context.User.UserId() : "";
                return RateLimitPartition.GetTokenBucketLimiter(subject, _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = options.RateLimitBurst,
                    TokensPerPeriod = options.RateLimitPermitsPerSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
            });
        });
        return builder;
    }

    public static WebApplication UseIngest(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseWebSockets();
        app.UseAuthentication();
        app.UseAuthorization();
        // After authentication, so the limiter partitions by the token's subject.
        app.UseRateLimiter();
        // After the limiter: a refused request's body is never read.
        app.UseSmallJsonBodies();
        return app;
    }

    private static async ValueTask WriteRateLimitedAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var response = rejected.HttpContext.Response;
        if (rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
        {
            response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }
        await TypedResults.Problem(Problems.Details(StatusCodes.Status429TooManyRequests, "rate-limited", "Too many requests",
            "this token's request rate is above its limit; slow down and retry")).ExecuteAsync(rejected.HttpContext);
    }
}
