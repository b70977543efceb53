extern alias QueryApi;

using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Splitstream.Platform;
using Splitstream.QueryApi.Races;
using Splitstream.Schemas;
using Splitstream.ServiceDefaults;

namespace Splitstream.Races.Tests;

/// <summary>
/// The query API's own Program.cs (<see cref="ServiceFactory{TEntryPoint}"/>, Kestrel at 127.0.0.1 on a free port: the
/// live race page's SSE stream and Chromium need a socket), against an embedded platform and a fresh SQLite store.
/// </summary>
public sealed class RacesQueryHost : IAsyncDisposable
{
    public const string SigningKey = "races-tests-signing-key-0123456789abcdef";

    private readonly string directory;

    private readonly ServiceFactory<QueryApi::Program> factory;

    private RacesQueryHost(ServiceFactory<QueryApi::Program> factory, string directory)
    {
        this.factory = factory;
        this.directory = directory;
        BaseAddress = factory.BaseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>The SQLite file of this host's store: an ingest gateway given it reads the same race registrations.</summary>
    public string StorePath => Path.Combine(directory, "splitstream.db");

    public RaceStandingsView View => factory.Services.GetRequiredService<RaceStandingsView>();

    public static TokenService Tokens { get; } = new(System.Text.Encoding.UTF8.GetBytes(SigningKey));

    public static Task<RacesQueryHost> StartAsync(EmbeddedPlatform platform, IDictionary<string, string?>? settings = null)
    {
        var directory = Directory.CreateTempSubdirectory("splitstream-races-query-").FullName;
        var configuration = new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = platform.BootstrapServers,
            ["SchemaRegistry:Url"] = platform.SchemaRegistryUrl,
            ["Auth:SigningKey"] = SigningKey,
            ["Store:SqlitePath"] = Path.Combine(directory, "splitstream.db"),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }
        var factory = new ServiceFactory<QueryApi::Program>(configuration,
            configureServices: services => services.Replace(ServiceDescriptor.Singleton<ISchemaRegistry>(platform.Registry)));
        factory.StartServer();
        return Task.FromResult(new RacesQueryHost(factory, directory));
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
        await factory.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }
}
