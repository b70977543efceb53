namespace Splitstream.Platform.Tests;

/// <summary>
/// One embedded platform (3 brokers, the DESIGN §2 topics, the registry) shared by the integration tests: more than the
/// default one broker, because the cluster's tests take one down and expect the others to carry on.
/// </summary>
public sealed class PlatformFixture : IAsyncLifetime
{
    public EmbeddedPlatform Platform { get; private set; } = null!;

    public async Task InitializeAsync() => Platform = await EmbeddedPlatform.StartAsync(brokers: 3);

    public async Task DisposeAsync() => await Platform.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class PlatformCollection : ICollectionFixture<PlatformFixture>
{
    public const string Name = "embedded platform";
}
