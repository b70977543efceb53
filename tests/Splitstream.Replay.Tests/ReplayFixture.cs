using Splitstream.Platform;
using Splitstream.Replay;

namespace Splitstream.Replay.Tests;

/// <summary>One embedded platform per test class; each test writes to topics of its own.</summary>
public sealed class ReplayFixture : IAsyncLifetime
{
    public EmbeddedPlatform Platform { get; private set; } = null!;

    public ReplayConnection Connection => new(Platform.BootstrapServers, Platform.SchemaRegistryUrl);

    public async Task InitializeAsync() => Platform = await EmbeddedPlatform.StartAsync(partitions: 4);

    public async Task DisposeAsync() => await Platform.DisposeAsync();
}
