using System.Text.Json;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Splitstream.QueryApi.Notifications;
using Splitstream.QueryApi.Accounts;
using Splitstream.QueryApi.Races;
using Splitstream.ServiceDefaults;
using Splitstream.Store;

namespace Splitstream.QueryApi;

/// <summary>Composition of the query API, shared by its own Program.cs and the all-in-one host.</summary>
public static class QueryApiExtensions
{
    public const string DefaultUrl = "http://127.0.0.1:8081";

    public static IHostApplicationBuilder AddQueryApi(this IHostApplicationBuilder builder)
    {
        builder.AddSplitstreamStore(ServiceDefaultsExtensions.ReadyTag);
        builder.Services.TryAddSingleton<PrivacyPolicy>();
        builder.Services.TryAddSingleton<GoalPublisher>();
        builder.Services.TryAddSingleton<NotificationSettingsPublisher>();
        builder.Services.TryAddSingleton<AccountTokens>();
        builder.Services.Configure<PasswordGrantLimitOptions>(builder.Configuration.GetSection(PasswordGrantLimitOptions.Section));
        builder.Services.TryAddSingleton<PasswordGrantLimiter>();
        builder.Services.AddDeviceRevocations(sp => sp.GetRequiredService<IAccountStore>().ListRevokedDeviceIdsAsync);
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            // DESIGN §5 names fields in snake_case.
            o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            o.SerializerOptions.DictionaryKeyPolicy = null;
        });
        builder.Services.AddOpenApi("v1");
        builder.AddRaceStandingsView();
        return builder;
    }

    public static WebApplication UseQueryApi(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    public static RouteGroupBuilder MapQueryApiV1(this IEndpointRouteBuilder routes)
    {
        // GET /openapi/v1.json: anonymous, so tools can read the contract without a token.
        routes.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        routes.MapApiReference("Splitstream query API");
        var v1 = routes.MapGroup("/v1").RequireAuthorization().WithTags("query");
        v1.MapActivitiesApiV1();
        v1.MapAthletesApiV1();
        v1.MapAdminApiV1();
        v1.MapLeaderboardsApiV1();
        v1.MapGoalsApiV1();
        v1.MapProgressApiV1();
        v1.MapUserExportApiV1();
        v1.MapRacesApiV1();
        v1.MapNotificationsApiV1();
        v1.MapWebhooksApiV1();
        v1.MapExportApiV1();
        v1.MapAccountsApiV1();
        routes.MapRacePage();
        return v1;
    }
}
