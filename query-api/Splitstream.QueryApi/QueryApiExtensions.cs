namespace Splitstream.QueryApi;

/// <summary>Composition of the query API, shared by its own Program.cs and the all-in-one host.</summary>
public static class QueryApiExtensions
{
    public const string DefaultUrl = "http://127.0.0.1:8081";

    public static IHostApplicationBuilder AddQueryApi(this IHostApplicationBuilder builder) => builder;

    public static WebApplication UseQueryApi(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    public static RouteGroupBuilder MapQueryApiV1(this IEndpointRouteBuilder routes) =>
        routes.MapGroup("/v1").RequireAuthorization().WithTags("query");
}
