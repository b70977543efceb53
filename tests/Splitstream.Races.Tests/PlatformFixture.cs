using Splitstream.Platform;

namespace Splitstream.Races.Tests;

/// <summary>One embedded platform (one broker, the catalog's topics with 3 partitions) per test class.</summary>
public sealed class PlatformFixture : IAsyncLifetime
{
    public EmbeddedPlatform Platform { get; private set; } = null!;

    public async Task InitializeAsync() => Platform = await EmbeddedPlatform.StartAsync(partitions: 3);

    public async Task DisposeAsync() => await Platform.DisposeAsync();
}
