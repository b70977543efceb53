extern alias Ingest;

using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Splitstream.Platform;
using Splitstream.Schemas;
using Splitstream.ServiceDefaults;

namespace Splitstream.Testing;

/// <summary>
/// The ingest gateway's own Program.cs (<see cref="ServiceFactory{TEntryPoint}"/>, Kestrel at 127.0.0.1 on a free port)
/// against a platform; ready (/readyz 200) when <see cref="StartAsync"/> returns, unless a test asks to watch it load
/// (then <see cref="WaitReadyAsync"/>). <see cref="Token"/> and <see cref="Tokens"/> sign with <see cref="SigningKey"/>,
/// the key a gateway has unless another is given.
/// </summary>
public sealed class IngestGateway : IAsyncDisposable
{
    public const string SigningKey = "ingest-tests-signing-key-0123456789abcdef";

    private readonly ServiceFactory<Ingest::Program> factory;

    private IngestGateway(ServiceFactory<Ingest::Program> factory)
    {
        this.factory = factory;
        BaseUrl = factory.BaseAddress;
    }

    public IServiceProvider Services => factory.Services;

    public Uri BaseUrl { get; }

    public static TokenService Tokens { get; } = new(System.Text.Encoding.UTF8.GetBytes(SigningKey));

    public static async Task<IngestGateway> StartAsync(EmbeddedPlatform platform, IDictionary<string, string?>? settings = null,
        string signingKey = SigningKey, LogLevel minimumLevel = LogLevel.Warning, bool waitUntilReady = true,
        Action<IServiceCollection>? configureServices = null)
    {
        var configuration = new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = platform.BootstrapServers,
            ["SchemaRegistry:Url"] = platform.SchemaRegistryUrl,
            ["Auth:SigningKey"] = signingKey,
            // Uploads keep their status and race registrations are read from the store: a fresh SQLite file per gateway
            // unless the settings name one (a test sharing it with a query API).
            ["Store:SqlitePath"] = Path.Combine(Path.GetTempPath(), "splitstream-ingest-tests", Guid.NewGuid().ToString("N"), "splitstream.db"),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }
        var factory = new ServiceFactory<Ingest::Program>(configuration, minimumLevel, configureServices: services =>
        {
            // As the AppHost does: the platform's registry, and with an archive a 202 waits for it (without one a no-op).
            services.Replace(ServiceDescriptor.Singleton<ISchemaRegistry>(platform.Registry));
            services.Replace(ServiceDescriptor.Singleton(platform.Durability));
            // A test's replacements (e.g. a registry loader it holds back) after the gateway's own registrations.
            configureServices?.Invoke(services);
        });
        factory.StartServer();
        var gateway = new IngestGateway(factory);
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

    public T Service<T>() where T : notnull => factory.Services.GetRequiredService<T>();

    public ValueTask DisposeAsync() => factory.DisposeAsync();

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
