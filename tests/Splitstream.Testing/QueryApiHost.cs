extern alias QueryApi;

using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Splitstream.Platform;
using Splitstream.ServiceDefaults;
using Splitstream.Store;
using Xunit;

namespace Splitstream.Testing;

/// <summary>
/// The query API's own Program.cs (<see cref="ServiceFactory{TEntryPoint}"/>, Kestrel at 127.0.0.1 on a free port), over a fresh SQLite store, with the
/// clock standing at <see cref="Now"/>. Without a platform (the default) nothing listens for Kafka, which suits routes
/// that only read the store; a subclass that passes <c>withPlatform: true</c> gets an embedded platform of its own for
/// routes that publish (goals).
/// </summary>
public class QueryApiHost : IAsyncLifetime
{
    /// <summary>The key the host validates tokens with (at least 256 bits, as the embedded issuer demands).</summary>
    public const string SigningKey = "query-api-tests-signing-key-0123456789abcdef";

    /// <summary>Wednesday of ISO week 2026-W47.</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 18, 15, 0, 0, TimeSpan.Zero);

    private readonly string directory = Path.Combine(Path.GetTempPath(), "splitstream-query-tests", Guid.NewGuid().ToString("N"));
    private ServiceFactory<QueryApi::Program> factory = null!;
    private readonly bool withPlatform;
    private EmbeddedPlatform? platform;

    public QueryApiHost()
        : this(withPlatform: false)
    {
    }

    // Protected: an xunit class fixture may have one public constructor.
    protected QueryApiHost(bool withPlatform) => this.withPlatform = withPlatform;

    public EmbeddedPlatform Platform => platform ?? throw new InvalidOperationException("this query API host runs without a platform");

    public ISplitstreamStore Store => factory.Services.GetRequiredService<ISplitstreamStore>();

    public Uri BaseAddress { get; private set; } = null!;

    public IServiceProvider Services => factory.Services;

    public async Task InitializeAsync()
    {
        platform = withPlatform ? await EmbeddedPlatform.StartAsync(partitions: 3) : null;
        factory = new ServiceFactory<QueryApi::Program>(new Dictionary<string, string?>
        {
            // Without a platform nothing listens on port 9: the routes under test never touch Kafka.
            ["Kafka:BootstrapServers"] = platform?.BootstrapServers ?? "127.0.0.1:9",
            ["SchemaRegistry:Url"] = platform?.SchemaRegistryUrl ?? "http://127.0.0.1:9",
            ["Auth:SigningKey"] = SigningKey,
            ["Store:SqlitePath"] = Path.Combine(directory, "splitstream.db"),
        }, configureServices: services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(new FixedTimeProvider(Now))));
        factory.StartServer();
        BaseAddress = factory.BaseAddress;
    }

    public HttpClient Client(string? userId, string role = Roles.Athlete)
    {
        var http = new HttpClient { BaseAddress = BaseAddress };
        if (userId is not null)
        {
            var token = factory.Services.GetRequiredService<TokenService>().Issue(userId, role, TimeSpan.FromHours(1));
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return http;
    }

    public async Task DisposeAsync()
    {
        await factory.DisposeAsync();
        if (platform is not null)
        {
            await platform.DisposeAsync();
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }
}
