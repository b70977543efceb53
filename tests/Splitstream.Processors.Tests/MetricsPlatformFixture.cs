using Splitstream.Platform;

namespace Splitstream.Processors.Tests;

/// <summary>An embedded platform per integration test class (classes run in parallel); every run creates topics of its own.</summary>
public sealed class MetricsPlatformFixture : IAsyncLifetime
{
    public EmbeddedPlatform Platform { get; private set; } = null!;

    public async Task InitializeAsync() => Platform = await EmbeddedPlatform.StartAsync(partitions: 2);

    public async Task DisposeAsync() => await Platform.DisposeAsync();
}
