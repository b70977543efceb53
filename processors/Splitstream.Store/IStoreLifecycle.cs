namespace Splitstream.Store;

/// <summary>The store's schema and health: migrations at start-up (<see cref="StoreMigrator"/>) and the /readyz round trip.</summary>
public interface IStoreLifecycle
{
    /// <summary>Applies the versioned migrations not applied yet; safe when several processes start together.</summary>
    Task MigrateAsync(CancellationToken cancellationToken = default);

    /// <summary>The highest applied migration version (0 before any).</summary>
    Task<int> SchemaVersionAsync(CancellationToken cancellationToken = default);

    /// <summary>One round trip to the database, for /readyz.</summary>
    Task PingAsync(CancellationToken cancellationToken = default);
}
