using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Splitstream.Platform;
using Splitstream.Schemas;

namespace Splitstream.Streams.Demo;

/// <summary>
/// How a topology is hosted in a service: a <see cref="StreamsHostedService"/> whose runtime is built from the
/// service's registry, topic provisioner and Kafka settings. The processors host's topologies are hosted the same way, through
/// <c>AddTopology</c> in Splitstream.Topologies (which also ensures their topics and applies the host's Kafka settings).
/// </summary>
public static class SampleCountHosting
{
    public static IServiceCollection AddSampleCountTopology(this IServiceCollection services, string bootstrapServers, SampleCountOptions options,
        string applicationId = "splitstream-sample-count")
    {
        services.AddHostedService(sp => new StreamsHostedService(applicationId, _ => Task.FromResult(new KafkaStreamsRuntime(
            SampleCountTopology.Build(sp.GetRequiredService<ISchemaRegistry>(), options),
            new StreamsConfig { ApplicationId = applicationId, BootstrapServers = bootstrapServers, ClientId = $"{applicationId}-{Environment.ProcessId}" },
            sp.GetRequiredService<ITopicProvisioner>(),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger<KafkaStreamsRuntime>()))));
        return services;
    }
}
