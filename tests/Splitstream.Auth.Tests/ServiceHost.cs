extern alias Ingest;
extern alias QueryApi;

using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Splitstream.Platform;
using Splitstream.Schemas;
using Splitstream.ServiceDefaults;

namespace Splitstream.Auth.Tests;

/// <summary>
/// The ingest gateway's or the query API's own Program.cs (<see cref="ServiceFactory{TEntryPoint}"/>, Kestrel at
/// 127.0.0.1 on a free port), with the settings a test gives (auth mode, store path) and, optionally, every log line
/// captured.
/// </summary>
public sealed class ServiceHost : IAsyncDisposable
{
    public const string SigningKey = "auth-tests-signing-key-0123456789abcdef";

    private readonly IAsyncDisposable factory;

    private ServiceHost(IAsyncDisposable factory, IServiceProvider services, Uri baseAddress)
    {
        this.factory = factory;
        Services = services;
        BaseAddress = baseAddress;
    }

    public IServiceProvider Services { get; }

    public Uri BaseAddress { get; }

    public TokenService Tokens => Services.GetRequiredService<TokenService>();

    public static Task<ServiceHost> StartQueryAsync(EmbeddedPlatform? platform, IDictionary<string, string?> settings, ILoggerProvider? logs = null) =>
        StartAsync(platform, new ServiceFactory<QueryApi::Program>(Settings(platform, settings), logs: logs, configureServices: Replacements(platform)));

    public static Task<ServiceHost> StartIngestAsync(EmbeddedPlatform platform, IDictionary<string, string?> settings, ILoggerProvider? logs = null) =>
        StartAsync(platform, new ServiceFactory<Ingest::Program>(Settings(platform, settings), logs: logs, configureServices: Replacements(platform)));

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

    public ValueTask DisposeAsync() => factory.DisposeAsync();

    private static Dictionary<string, string?> Settings(EmbeddedPlatform? platform, IDictionary<string, string?> settings)
    {
        var configuration = new Dictionary<string, string?>
        {
            // Without a platform nothing listens on port 9: the routes under test never touch Kafka.
            ["Kafka:BootstrapServers"] = platform?.BootstrapServers ?? "127.0.0.1:9",
            ["SchemaRegistry:Url"] = platform?.SchemaRegistryUrl ?? "http://127.0.0.1:9",
        };
        foreach (var (key, value) in settings)
        {
            configuration[key] = value;
        }
        return configuration;
    }

    private static Action<IServiceCollection>? Replacements(EmbeddedPlatform? platform) =>
        platform is null ? null : services => services.Replace(ServiceDescriptor.Singleton<ISchemaRegistry>(platform.Registry));

    private static async Task<ServiceHost> StartAsync<TEntryPoint>(EmbeddedPlatform? platform, ServiceFactory<TEntryPoint> factory)
        where TEntryPoint : class
    {
        try
        {
            factory.StartServer();
        }
        catch
        {
            await factory.DisposeAsync();
            throw;
        }
        var host = new ServiceHost(factory, factory.Services, factory.BaseAddress);
        if (platform is not null)
        {
            // On a platform the first request should not race the host's start-up (registry loading, Kafka metadata).
            await host.WaitReadyAsync();
        }
        return host;
    }
}
