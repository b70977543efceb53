using Confluent.Kafka;

namespace Splitstream.Platform.Tests;

/// <summary>
/// The process loads librdkafka 2.16 from the librdkafka.redist package, for the client and the embedded cluster alike,
/// and no other librdkafka (Debian's 2.0.2, when installed, would break Consume on Confluent.Kafka 2.x).
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class KafkaNativeTests(PlatformFixture fixture)
{
    [Fact]
    public void The_client_runs_on_the_packaged_librdkafka_2_16()
    {
        Assert.StartsWith("2.16.", Library.VersionString);
        Assert.Contains("librdkafka 2.16.", KafkaNative.Describe());
    }

    [Fact]
    public void Exactly_one_librdkafka_is_mapped_into_the_process_and_it_is_the_package_s()
    {
        Assert.NotNull(fixture.Platform.BootstrapServers); // the embedded cluster's P/Invoke has run in this process too
        using (var producer = new ProducerBuilder<Null, string>(new ProducerConfig { BootstrapServers = fixture.Platform.BootstrapServers }).Build())
        {
            producer.Flush(TimeSpan.FromSeconds(1));
        }
        var mapped = File.ReadLines("/proc/self/maps")
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length >= 6 && Path.GetFileName(fields[5]).Contains("rdkafka", StringComparison.Ordinal))
            .Select(fields => fields[5])
            .Distinct()
            .ToList();

        var only = Assert.Single(mapped);
        Assert.Equal(KafkaNative.LoadedPath, only);
        Assert.Matches("/runtimes/linux-(x64/native/centos8-|arm64/native/)librdkafka\\.so$", only);
    }
}
