using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Splitstream.Platform;
using Splitstream.QueryApi;
using Splitstream.QueryApi.Races;
using Splitstream.Schemas;
using Splitstream.ServiceDefaults;

namespace Splitstream.Races.Tests;

/// <summary>The query API composed as its Program.cs does, on real Kestrel at 127.0.0.1:0, against an embedded platform and a fresh SQLite store.</summary>
public sealed class RacesQueryHost : IAsyncDisposable
{
    public const string SigningKey = "races-tests-signing-key-0123456789abcdef";

    private readonly string directory;

    private RacesQueryHost(WebApplication app, string directory)
    {
        App = app;
        this.directory = directory;
        BaseAddress = new Uri(app.Urls.First());
    }

    public WebApplication App { get; }

    public Uri BaseAddress { get; }

    /// <summary>The SQLite file of this host's store: an ingest gateway given it reads the same race registrations.</summary>
    public string StorePath => Path.Combine(directory, "splitstream.db");

    public RaceStandingsView View => App.Services.GetRequiredService<RaceStandingsView>();

    public static TokenService Tokens { get; } = new(System.Text.Encoding.UTF8.GetBytes(SigningKey));

    public static async Task<RacesQueryHost> StartAsync(EmbeddedPlatform platform, IDictionary<string, string?>? settings = null)
    {
        var directory = Directory.CreateTempSubdirectory("splitstream-races-query-").FullName;
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = platform.BootstrapServers,
            ["SchemaRegistry:Url"] = platform.SchemaRegistryUrl,
            ["Auth:SigningKey"] = SigningKey,
            ["Store:SqlitePath"] = Path.Combine(directory, "splitstream.db"),
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }
        builder.Services.TryAddSingleton<ISchemaRegistry>(platform.Registry);
        builder.AddServiceDefaults();
        builder.AddQueryApi();
        var app = builder.Build();
        app.UseQueryApi();
        app.MapDefaultEndpoints();
        app.MapQueryApiV1();
        await app.StartAsync();
        return new RacesQueryHost(app, directory);
    }

    public HttpClient Client(string? userId, string role = Roles.Analyst)
    {
        var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (userId is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token(userId, role));
        }
        return http;
    }

    public static string Token(string userId, string role = Roles.Analyst, TimeSpan? lifetime = null) =>
        Tokens.Issue(userId, role, lifetime ?? TimeSpan.FromHours(1));

    /// <summary>Waits until the view has caught up with the standings topic (what /readyz reports).</summary>
    public async Task WaitCaughtUpAsync()
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(30); !View.CaughtUp; await Task.Delay(50))
        {
            Assert.True(DateTime.UtcNow < deadline, "the race standings view did not catch up within 30 s");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }
}
