using Splitstream.Platform;

namespace Splitstream.ServiceDefaults;

/// <summary>The embedded platform a stand-alone service started because no Kafka was configured; disposed with the host.</summary>
public sealed class OwnedEmbeddedPlatform(EmbeddedPlatform platform) : IAsyncDisposable
{
    public EmbeddedPlatform Platform { get; } = platform;

    public ValueTask DisposeAsync() => Platform.DisposeAsync();
}
