using Splitstream.Platform;

namespace Splitstream.Store.Tests;

/// <summary>One embedded platform (3 brokers, the DESIGN §2 topics with 3 partitions each, the registry) shared by the sink tests.</summary>
public sealed class PlatformFixture : IAsyncLifetime
{
    public EmbeddedPlatform Platform { get; private set; } = null!;

    public async Task InitializeAsync() => Platform = await EmbeddedPlatform.StartAsync(partitions: 3);

    public async Task DisposeAsync() => await Platform.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class PlatformCollection : ICollectionFixture<PlatformFixture>
{
    public const string Name = "embedded platform";
}
