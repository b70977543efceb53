using Splitstream.ServiceDefaults;

namespace Splitstream.Ingest;

/// <summary>Composition of the ingest gateway, shared by its own Program.cs and the all-in-one host.</summary>
public static class IngestExtensions
{
    public const string DefaultUrl = "http://127.0.0.1:8080";

    public static IHostApplicationBuilder AddIngest(this IHostApplicationBuilder builder) => builder;

    public static WebApplication UseIngest(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    public static RouteGroupBuilder MapIngestApiV1(this IEndpointRouteBuilder routes) =>
        routes.MapGroup("/v1").RequireAuthorization().WithTags("ingest");
}
