using Splitstream.Platform;

namespace Splitstream.Streams.Tests;

/// <summary>
/// An embedded platform per integration test class: the classes run in parallel, and most of their time is spent
/// waiting for consumer-group timers, not CPU. Every test creates topics of its own.
/// </summary>
public sealed class StreamsPlatformFixture : IAsyncLifetime
{
    public EmbeddedPlatform Platform { get; private set; } = null!;

    public async Task InitializeAsync() => Platform = await EmbeddedPlatform.StartAsync(partitions: 2);

    public async Task DisposeAsync() => await Platform.DisposeAsync();
}
