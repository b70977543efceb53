using Confluent.Kafka;
using Splitstream.Platform;
using Splitstream.ServiceDefaults;
using Splitstream.Store;

namespace Splitstream.Fuzz.Tests;

/// <summary>An embedded platform (3 partitions per topic), a migrated SQLite store and a producer, shared by the sink poison tests (each uses its own keys and groups).</summary>
public sealed class SinkPlatformFixture : IAsyncLifetime
{
    private readonly string directory = Directory.CreateTempSubdirectory("fuzz-sinks-").FullName;

    public EmbeddedPlatform Platform { get; private set; } = null!;

    public SqliteStore Store { get; private set; } = null!;

    public KafkaClients Clients { get; private set; } = null!;

    public IProducer<byte[], byte[]> Producer { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Platform = await EmbeddedPlatform.StartAsync(partitions: 3);
        Store = new SqliteStore(Path.Combine(directory, "store.db"));
        await Store.MigrateAsync();
        Clients = new KafkaClients(Microsoft.Extensions.Options.Options.Create(new KafkaOptions { BootstrapServers = Platform.BootstrapServers }));
        Producer = new ProducerBuilder<byte[], byte[]>(Clients.Producer("fuzz-sink-tests")).Build();
    }

    public async Task DisposeAsync()
    {
        Producer.Dispose();
        await Store.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        await Platform.DisposeAsync();
        Directory.Delete(directory, recursive: true);
    }
}
