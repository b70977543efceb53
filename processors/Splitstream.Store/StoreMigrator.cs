using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Splitstream.Store;

/// <summary>Applies the store's migrations when the host starts, before any sink or endpoint touches it.</summary>
public sealed class StoreMigrator(IStoreLifecycle store, ILogger<StoreMigrator> log) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.MigrateAsync(cancellationToken);
        log.LogInformation("Store at schema version {Version}", await store.SchemaVersionAsync(cancellationToken));
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
