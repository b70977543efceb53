using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Splitstream.Platform;
using Splitstream.Processors;
using Splitstream.Processors.Races;
using Splitstream.Schemas;
using Splitstream.ServiceDefaults;
using Splitstream.Streams;

namespace Splitstream.Races.Tests;

/// <summary>
/// The processors host against an embedded platform: either everything <see cref="ProcessorsExtensions.AddProcessors"/>
/// registers (sinks, topologies), or only the race topologies.
/// </summary>
public sealed class ProcessorsHost : IAsyncDisposable
{
    private readonly IHost host;
    private readonly string directory;

    private ProcessorsHost(IHost host, string directory)
    {
        this.host = host;
        this.directory = directory;
    }

    public IServiceProvider Services => host.Services;

    public static async Task<ProcessorsHost> StartAsync(EmbeddedPlatform platform, bool everything, IDictionary<string, string?>? settings = null)
    {
        var directory = Directory.CreateTempSubdirectory("splitstream-races-processors-").FullName;
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = platform.BootstrapServers,
            ["SchemaRegistry:Url"] = platform.SchemaRegistryUrl,
            ["Auth:SigningKey"] = RacesQueryHost.SigningKey,
            ["Store:SqlitePath"] = Path.Combine(directory, "splitstream.db"),
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }
        builder.Services.TryAddSingleton<ISchemaRegistry>(platform.Registry);
        // The mock cluster has no CreateTopics: topics are created through its own API, as the embedded host does.
        builder.Services.TryAddSingleton<ITopicProvisioner>(new EmbeddedTopicProvisioner(platform.Cluster));
        builder.AddServiceDefaults();
        if (everything)
        {
            builder.AddProcessors();
        }
        else
        {
            builder.AddRaceStandings();
        }
        var host = builder.Build();
        await host.StartAsync();
        return new ProcessorsHost(host, directory);
    }

    /// <summary>Waits until every topology of the host has its tasks (the group assigned its partitions), so measurements start warm.</summary>
    public async Task WaitForRaceTopologiesAsync()
    {
        var runtimes = host.Services.GetServices<IHostedService>().OfType<StreamsHostedService>().ToList();
        Assert.NotEmpty(runtimes);
        for (var deadline = DateTime.UtcNow.AddSeconds(60); runtimes.Any(r => r.Runtime is not { AssignedTasks.Count: > 0 }); await Task.Delay(100))
        {
            Assert.True(DateTime.UtcNow < deadline, "the race topologies were not assigned their partitions within 60 s");
        }
    }

    /// <summary>Whether AddProcessors registered a topology besides the race ones (the activity-metrics topology).</summary>
    public bool HasOtherTopologies
    {
        get
        {
            var races = host.Services.GetRequiredService<RaceStandingsOptions>();
            return host.Services.GetServices<IHostedService>().OfType<StreamsHostedService>()
                .Any(t => t.ApplicationId != races.RouterApplicationId && t.ApplicationId != races.StandingsApplicationId);
        }
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await host.StopAsync(timeout.Token);
        host.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }
}
