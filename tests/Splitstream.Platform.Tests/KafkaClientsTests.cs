using Microsoft.Extensions.Configuration;
using Splitstream.ServiceDefaults;

namespace Splitstream.Platform.Tests;

/// <summary>How the <c>Kafka</c> section's client settings reach each kind of client.</summary>
public sealed class KafkaClientsTests
{
    [Fact]
    public void Consumer_settings_reach_consumers_after_every_clients_settings_and_never_producers()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = "broker:9092",
            ["Kafka:Config:security.protocol"] = "SASL_SSL",
            ["Kafka:Config:session.timeout.ms"] = "30000",
            ["Kafka:ConsumerConfig:session.timeout.ms"] = "6000",
            ["Kafka:ConsumerConfig:heartbeat.interval.ms"] = "1000",
        }).Build();
        var clients = new KafkaClients(Microsoft.Extensions.Options.Options.Create(
            configuration.GetSection(KafkaOptions.Section).Get<KafkaOptions>()!));

        var consumer = clients.Consumer("group", "client");
        Assert.Equal("SASL_SSL", consumer.Get("security.protocol"));
        Assert.Equal("6000", consumer.Get("session.timeout.ms"));
        Assert.Equal("1000", consumer.Get("heartbeat.interval.ms"));

        var producer = clients.Producer("client");
        Assert.Equal("SASL_SSL", producer.Get("security.protocol"));
        Assert.Null(producer.Get("heartbeat.interval.ms"));
        Assert.Equal("30000", producer.Get("session.timeout.ms"));
    }
}
