using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Splitstream.Platform;
using Splitstream.QueryApi;
using Splitstream.ServiceDefaults;
using Splitstream.Store;

namespace Splitstream.Leaderboards.Tests;

/// <summary>
/// The query API composed as its Program.cs does, on real Kestrel at 127.0.0.1:0, over a fresh SQLite store and an
/// embedded platform of its own (goal writes publish to goals.v1).
/// </summary>
public sealed class QueryApiHost : IAsyncLifetime
{
    /// <summary>Wednesday of ISO week 2026-W47.</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 18, 15, 0, 0, TimeSpan.Zero);

    private readonly string directory = Path.Combine(Path.GetTempPath(), "splitstream-leaderboard-tests", Guid.NewGuid().ToString("N"));
    private WebApplication app = null!;

    public EmbeddedPlatform Platform { get; private set; } = null!;

    public ISplitstreamStore Store => app.Services.GetRequiredService<ISplitstreamStore>();

    public Uri BaseAddress { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Platform = await EmbeddedPlatform.StartAsync(partitions: 3);
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = Platform.BootstrapServers,
            ["SchemaRegistry:Url"] = Platform.SchemaRegistryUrl,
            ["Auth:SigningKey"] = "leaderboard-tests",
            ["Store:SqlitePath"] = Path.Combine(directory, "splitstream.db"),
        });
        builder.Services.AddSingleton<TimeProvider>(new FixedTimeProvider(Now));
        builder.AddServiceDefaults();
        builder.AddQueryApi();
        app = builder.Build();
        app.UseQueryApi();
        app.MapDefaultEndpoints();
        app.MapQueryApiV1();
        await app.StartAsync();
        BaseAddress = new Uri(app.Urls.First());
    }

    public HttpClient Client(string? userId, string role = Roles.Device)
    {
        var http = new HttpClient { BaseAddress = BaseAddress };
        if (userId is not null)
        {
            var token = app.Services.GetRequiredService<TokenService>().Issue(userId, role, TimeSpan.FromHours(1));
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return http;
    }

    public async Task DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        await Platform.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }
}
