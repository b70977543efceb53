using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Splitstream.Testing;

/// <summary>
/// A service's real Program.cs (<typeparamref name="TEntryPoint"/> is its <c>Program</c>) under
/// <see cref="WebApplicationFactory{TEntryPoint}"/>: the test changes only configuration and, through
/// <c>ConfigureTestServices</c>, replacements after the service's own registrations; it never re-types the composition.
/// Served by Kestrel on 127.0.0.1 at a free port, not the in-memory TestServer: the tests' clients include WebSockets,
/// SSE streams read for minutes, the simulator, kcat, node and Chromium, all of which need a real socket.
/// </summary>
public sealed class ServiceFactory<TEntryPoint> : WebApplicationFactory<TEntryPoint>
    where TEntryPoint : class
{
    private readonly IReadOnlyDictionary<string, string?> settings;
    private readonly ILoggerProvider? logs;
    private readonly Action<IServiceCollection>? configureServices;

    /// <param name="settings">Configuration over the service's appsettings.json (the last source, so it wins).</param>
    /// <param name="minimumLevel">The default log level (Warning keeps test output readable).</param>
    /// <param name="logs">When given, the only log provider, at every level: a test that reads the log lines.</param>
    /// <param name="configureServices">Replacements after the service's registrations (e.g. a registry loader held back).</param>
    public ServiceFactory(IReadOnlyDictionary<string, string?> settings, LogLevel minimumLevel = LogLevel.Warning,
        ILoggerProvider? logs = null, Action<IServiceCollection>? configureServices = null)
    {
        this.settings = settings;
        this.logs = logs;
        this.configureServices = configureServices;
        var level = (logs is null ? minimumLevel : LogLevel.Trace).ToString();
        this.settings = new Dictionary<string, string?>(settings)
        {
            // appsettings.json sets levels per category; these beat it as the old hosts' SetMinimumLevel did.
            ["Logging:LogLevel:Default"] = level,
            ["Logging:LogLevel:Microsoft.AspNetCore"] = logs is null ? LogLevel.Warning.ToString() : level,
            // Kestrel listens where UseKestrel says; port 0 also skips Program.cs's "port in use" check of the
            // appsettings.json address (8080/8081), which another process may hold.
            ["urls"] = "http://127.0.0.1:0",
        };
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
    }

    /// <summary>The address Kestrel listens on (after <see cref="StartServer"/>).</summary>
    public Uri BaseAddress => new(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // As the service runs outside Visual Studio: Production, not the factory's default Development.
        builder.UseEnvironment(Environments.Production);
        // As host settings: Program.cs and its Add* methods read some configuration before Build (urls, Kafka, Store),
        // and these are in the builder's configuration from its creation.
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
        if (logs is not null)
        {
            builder.ConfigureLogging(logging => logging.ClearProviders().AddProvider(logs));
        }
        if (configureServices is not null)
        {
            builder.ConfigureTestServices(configureServices);
        }
    }
}
