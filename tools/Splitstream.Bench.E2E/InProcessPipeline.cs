using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Splitstream.Ingest;
using Splitstream.Platform;
using Splitstream.Processors;
using Splitstream.Schemas;
using Splitstream.ServiceDefaults;

namespace Splitstream.Bench.E2E;

/// <summary>
/// Everything `make run` composes, in this one process: the embedded platform, the gateway (real Kestrel on a loopback
/// port) and the processors host (sinks and whatever topologies <see cref="ProcessorsExtensions.AddProcessors"/> hosts)
/// writing a SQLite store in a temporary directory.
/// </summary>
public sealed class InProcessPipeline : IAsyncDisposable
{
    public const string SigningKey = "bench-e2e-signing-key-0123456789abcdef";

    private InProcessPipeline(EmbeddedPlatform platform, WebApplication gateway, IHost processors, string directory)
    {
        Platform = platform;
        Gateway = gateway;
        Processors = processors;
        Directory = directory;
    }

    public EmbeddedPlatform Platform { get; }

    public WebApplication Gateway { get; }

    public IHost Processors { get; }

    public string Directory { get; }

    public string StorePath => Path.Combine(Directory, "splitstream.db");

    public Uri GatewayUrl => new(Gateway.Urls.First());

    public static async Task<InProcessPipeline> StartAsync()
    {
        var platform = await EmbeddedPlatform.StartAsync();
        var directory = System.IO.Directory.CreateTempSubdirectory("splitstream-bench-e2e-").FullName;
        var settings = new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = platform.BootstrapServers,
            ["SchemaRegistry:Url"] = platform.SchemaRegistryUrl,
            ["Auth:SigningKey"] = SigningKey,
            ["Store:SqlitePath"] = Path.Combine(directory, "splitstream.db"),
            // One load generator is one token subject: lift the per-device limit, it is not what is measured.
            ["Ingest:RateLimitPermitsPerSecond"] = "100000000",
            ["Ingest:RateLimitBurst"] = "100000000",
        };

        var processorsBuilder = Host.CreateApplicationBuilder();
        processorsBuilder.Logging.SetMinimumLevel(LogLevel.Warning);
        processorsBuilder.Configuration.AddInMemoryCollection(settings);
        processorsBuilder.Services.TryAddSingleton<ISchemaRegistry>(platform.Registry);
        // This process owns the embedded cluster, which has no CreateTopics API: the topologies create theirs through it.
        processorsBuilder.Services.TryAddSingleton<ITopicProvisioner>(new EmbeddedTopicProvisioner(platform.Cluster));
        processorsBuilder.AddServiceDefaults();
        processorsBuilder.AddProcessors();
        var processors = processorsBuilder.Build();
        await processors.StartAsync();

        var gatewayBuilder = WebApplication.CreateBuilder();
        gatewayBuilder.WebHost.UseUrls("http://127.0.0.1:0");
        gatewayBuilder.Logging.SetMinimumLevel(LogLevel.Warning);
        gatewayBuilder.Configuration.AddInMemoryCollection(settings);
        gatewayBuilder.Services.TryAddSingleton<ISchemaRegistry>(platform.Registry);
        gatewayBuilder.AddServiceDefaults();
        gatewayBuilder.AddIngest();
        var gateway = gatewayBuilder.Build();
        gateway.UseIngest();
        gateway.MapDefaultEndpoints();
        gateway.MapIngestApiV1();
        await gateway.StartAsync();

        using var probe = new HttpClient { BaseAddress = new Uri(gateway.Urls.First()) };
        for (var deadline = DateTime.UtcNow.AddSeconds(60); !(await probe.GetAsync("/readyz")).IsSuccessStatusCode; await Task.Delay(100))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("the gateway did not become ready");
            }
        }
        return new InProcessPipeline(platform, gateway, processors, directory);
    }

    public async ValueTask DisposeAsync()
    {
        await Gateway.StopAsync();
        await Gateway.DisposeAsync();
        await Processors.StopAsync();
        Processors.Dispose();
        await Platform.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
