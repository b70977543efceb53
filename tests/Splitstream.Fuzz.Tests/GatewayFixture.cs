using Splitstream.Platform;

namespace Splitstream.Fuzz.Tests;

/// <summary>An embedded platform and one gateway on it, for the fuzz test class alone (it reads whole topics).</summary>
public sealed class GatewayFixture : IAsyncLifetime
{
    public EmbeddedPlatform Platform { get; private set; } = null!;

    public IngestGateway Gateway { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Platform = await EmbeddedPlatform.StartAsync(partitions: 4);
        Gateway = await IngestGateway.StartAsync(Platform, minimumLevel: Microsoft.Extensions.Logging.LogLevel.Error);
    }

    public async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Platform.DisposeAsync();
    }
}
