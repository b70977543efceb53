using Splitstream.Platform;

namespace Splitstream.Store.Tests;

/// <summary>
/// An embedded platform (one broker, the DESIGN §2 topics with 3 partitions each, the registry) per test class, so the
/// sink classes run in parallel: most of their time is consumer-group join waits, not CPU.
/// </summary>
public sealed class PlatformFixture : IAsyncLifetime
{
    public EmbeddedPlatform Platform { get; private set; } = null!;

    public async Task InitializeAsync() => Platform = await EmbeddedPlatform.StartAsync(partitions: 3);

    public async Task DisposeAsync() => await Platform.DisposeAsync();
}
