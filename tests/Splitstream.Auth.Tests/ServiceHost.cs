using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Splitstream.Ingest;
using Splitstream.Platform;
using Splitstream.QueryApi;
using Splitstream.Schemas;
using Splitstream.ServiceDefaults;

namespace Splitstream.Auth.Tests;

/// <summary>
/// The ingest gateway or the query API composed as their Program.cs do, on Kestrel at 127.0.0.1:0, with the settings a
/// test gives (auth mode, store path) and, optionally, every log line captured.
/// </summary>
public sealed class ServiceHost : IAsyncDisposable
{
    public const string SigningKey = "auth-tests-signing-key-0123456789abcdef";

    private ServiceHost(WebApplication app)
    {
        App = app;
        BaseAddress = new Uri(app.Urls.First());
    }

    public WebApplication App { get; }

    public Uri BaseAddress { get; }

    public TokenService Tokens => App.Services.GetRequiredService<TokenService>();

    public static Task<ServiceHost> StartQueryAsync(EmbeddedPlatform? platform, IDictionary<string, string?> settings, ILoggerProvider? logs = null) =>
        StartAsync(platform, settings, logs, builder => builder.AddQueryApi(), app =>
        {
            app.UseQueryApi();
            app.MapDefaultEndpoints();
            app.MapQueryApiV1();
        });

    public static Task<ServiceHost> StartIngestAsync(EmbeddedPlatform platform, IDictionary<string, string?> settings, ILoggerProvider? logs = null) =>
        StartAsync(platform, settings, logs, builder => builder.AddIngest(), app =>
        {
            app.UseIngest();
            app.MapDefaultEndpoints();
            app.MapIngestApiV1();
        });

    /// <summary>Embedded-mode settings with <see cref="SigningKey"/> and a SQLite store at <paramref name="storePath"/>.</summary>
    public static Dictionary<string, string?> Embedded(string storePath) => new()
    {
        ["Auth:SigningKey"] = SigningKey,
        ["Store:SqlitePath"] = storePath,
    };

    public HttpClient Client(string? token = null)
    {
        var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (token is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return http;
    }

    private async Task WaitReadyAsync()
    {
        using var http = Client();
        for (var deadline = DateTime.UtcNow.AddSeconds(60); DateTime.UtcNow < deadline; await Task.Delay(100))
        {
            if ((await http.GetAsync("/readyz")).IsSuccessStatusCode)
            {
                return;
            }
        }
        throw new TimeoutException("the host did not become ready");
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }

    private static async Task<ServiceHost> StartAsync(EmbeddedPlatform? platform, IDictionary<string, string?> settings, ILoggerProvider? logs,
        Action<WebApplicationBuilder> compose, Action<WebApplication> map)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(logs is null ? LogLevel.Warning : LogLevel.Trace);
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
        }
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            // Without a platform nothing listens on port 9: the routes under test never touch Kafka.
            ["Kafka:BootstrapServers"] = platform?.BootstrapServers ?? "127.0.0.1:9",
            ["SchemaRegistry:Url"] = platform?.SchemaRegistryUrl ?? "http://127.0.0.1:9",
        });
        builder.Configuration.AddInMemoryCollection(settings);
        if (platform is not null)
        {
            builder.Services.TryAddSingleton<ISchemaRegistry>(platform.Registry);
        }
        builder.AddServiceDefaults();
        compose(builder);
        var app = builder.Build();
        map(app);
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
        var host = new ServiceHost(app);
        if (platform is not null)
        {
            // On a platform the first request should not race the host's start-up (registry loading, Kafka metadata).
            await host.WaitReadyAsync();
        }
        return host;
    }
}
