using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Splitstream.Ingest;
using Splitstream.Platform;
using Splitstream.Schemas;
using Splitstream.ServiceDefaults;

namespace Splitstream.Fuzz.Tests;

/// <summary>
/// The ingest gateway composed exactly as its Program.cs does (as tests/Splitstream.Ingest.Tests' Gateway), on real
/// Kestrel at 127.0.0.1:0 against an embedded platform.
/// </summary>
public sealed class GatewayHost : IAsyncDisposable
{
    public const string SigningKey = "fuzz-tests-signing-key";

    private GatewayHost(WebApplication app)
    {
        App = app;
        BaseUrl = new Uri(app.Urls.First());
    }

    public WebApplication App { get; }

    public Uri BaseUrl { get; }

    public static TokenService Tokens { get; } = new(System.Text.Encoding.UTF8.GetBytes(SigningKey));

    public static async Task<GatewayHost> StartAsync(EmbeddedPlatform platform)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Error);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = platform.BootstrapServers,
            ["SchemaRegistry:Url"] = platform.SchemaRegistryUrl,
            ["Auth:SigningKey"] = SigningKey,
        });
        builder.Services.TryAddSingleton<ISchemaRegistry>(platform.Registry);
        builder.AddServiceDefaults();
        builder.AddIngest();
        var app = builder.Build();
        app.UseIngest();
        app.MapDefaultEndpoints();
        app.MapIngestApiV1();
        await app.StartAsync();
        var gateway = new GatewayHost(app);
        await gateway.WaitReadyAsync();
        return gateway;
    }

    /// <summary>A client without a default token: every fuzz request carries its own Authorization header (or none).</summary>
    public HttpClient Client() => new() { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(60) };

    public HttpClient Client(string userId)
    {
        var http = Client();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token(userId));
        return http;
    }

    public static string Token(string userId, string role = Roles.Device) => Tokens.Issue(userId, role, TimeSpan.FromHours(1));

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }

    private async Task WaitReadyAsync()
    {
        using var http = Client();
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
