using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Splitstream.Ingest;
using Splitstream.Platform;
using Splitstream.Schemas;
using Splitstream.ServiceDefaults;

namespace Splitstream.Testing;

/// <summary>
/// The ingest gateway composed exactly as its Program.cs does, on real Kestrel at 127.0.0.1:0, against a platform; ready
/// (/readyz 200) when <see cref="StartAsync"/> returns, unless a test asks to watch it load (then <see cref="WaitReadyAsync"/>). <see cref="Token"/> and <see cref="Tokens"/> sign with
/// <see cref="SigningKey"/>, the key a gateway has unless another is given.
/// </summary>
public sealed class IngestGateway : IAsyncDisposable
{
    public const string SigningKey = "ingest-tests-signing-key-0123456789abcdef";

    private IngestGateway(WebApplication app)
    {
        App = app;
        BaseUrl = new Uri(app.Urls.First());
    }

    public WebApplication App { get; }

    public Uri BaseUrl { get; }

    public static TokenService Tokens { get; } = new(System.Text.Encoding.UTF8.GetBytes(SigningKey));

    public static async Task<IngestGateway> StartAsync(EmbeddedPlatform platform, IDictionary<string, string?>? settings = null,
        string signingKey = SigningKey, LogLevel minimumLevel = LogLevel.Warning, bool waitUntilReady = true,
        Action<IServiceCollection>? configureServices = null)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(minimumLevel);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = platform.BootstrapServers,
            ["SchemaRegistry:Url"] = platform.SchemaRegistryUrl,
            ["Auth:SigningKey"] = signingKey,
            // Uploads keep their status and race registrations are read from the store: a fresh SQLite file per gateway
            // unless the settings name one (a test sharing it with a query API).
            ["Store:SqlitePath"] = Path.Combine(Path.GetTempPath(), "splitstream-ingest-tests", Guid.NewGuid().ToString("N"), "splitstream.db"),
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }
        builder.Services.TryAddSingleton<ISchemaRegistry>(platform.Registry);
        // As the AppHost does: with an archive, a 202 waits for it (without one this is a no-op).
        builder.Services.TryAddSingleton(platform.Durability);
        builder.AddServiceDefaults();
        builder.AddIngest();
        // A test's replacements (e.g. a registry loader it holds back) after the gateway's own registrations.
        configureServices?.Invoke(builder.Services);
        var app = builder.Build();
        app.UseIngest();
        app.MapDefaultEndpoints();
        app.MapIngestApiV1();
        await app.StartAsync();
        var gateway = new IngestGateway(app);
        if (waitUntilReady)
        {
            await gateway.WaitReadyAsync();
        }
        return gateway;
    }

    public HttpClient Client(string? userId = "u1", string role = Roles.Device)
    {
        var http = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(60) };
        if (userId is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token(userId, role));
        }
        return http;
    }

    public static string Token(string userId, string role = Roles.Device) => Tokens.Issue(userId, role, TimeSpan.FromHours(1));

    public T Service<T>() where T : notnull => App.Services.GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }

    public async Task WaitReadyAsync()
    {
        using var http = Client(null);
        for (var deadline = DateTime.UtcNow.AddSeconds(30); DateTime.UtcNow < deadline; await Task.Delay(100))
        {
            if ((await http.GetAsync("/readyz")).IsSuccessStatusCode)
            {
                return;
            }
        }
        throw new TimeoutException("the gateway did not become ready");
    }
}
