using Splitstream.Platform;

namespace Splitstream.Ingest.Tests;

/// <summary>One embedded platform and one gateway shared by the route tests (each test uses fresh activity ids).</summary>
public sealed class IngestFixture : IAsyncLifetime
{
    public EmbeddedPlatform Platform { get; private set; } = null!;

    public IngestGateway Gateway { get; private set; } = null!;

    public TopicReader Topics { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Platform = await EmbeddedPlatform.StartAsync();
        Gateway = await IngestGateway.StartAsync(Platform);
        Topics = new TopicReader(Platform);
    }

    public async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Platform.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class IngestCollection : ICollectionFixture<IngestFixture>
{
    public const string Name = "ingest gateway";
}
