using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Splitstream.Store;

public static class StoreExtensions
{
    /// <summary>
    /// The store chosen by configuration (<c>Store:Postgres</c>, else SQLite at <c>Store:SqlitePath</c>), migrated at
    /// start, with a readiness check under <paramref name="readyTag"/>. Idempotent: both services of one host may call it.
    /// </summary>
    public static IHostApplicationBuilder AddSplitstreamStore(this IHostApplicationBuilder builder, string readyTag)
    {
        if (builder.Services.Any(d => d.ServiceType == typeof(ISplitstreamStore)))
        {
            return builder;
        }
        var options = builder.Configuration.GetSection(StoreOptions.Section).Get<StoreOptions>() ?? new StoreOptions();
        builder.Services.AddSingleton<ISplitstreamStore>(_ => Create(options));
        // One instance under every entity's interface: services depend on the narrow one they use.
        builder.Services.AddSingleton<IStoreLifecycle>(sp => sp.GetRequiredService<ISplitstreamStore>());
        builder.Services.AddSingleton<IPointStore>(sp => sp.GetRequiredService<ISplitstreamStore>());
        builder.Services.AddSingleton<IActivityStore>(sp => sp.GetRequiredService<ISplitstreamStore>());
        builder.Services.AddSingleton<IUserStore>(sp => sp.GetRequiredService<ISplitstreamStore>());
        builder.Services.AddSingleton<IGoalStore>(sp => sp.GetRequiredService<ISplitstreamStore>());
        builder.Services.AddSingleton<ILeaderboardStore>(sp => sp.GetRequiredService<ISplitstreamStore>());
        builder.Services.AddSingleton<IWebhookStore>(sp => (SqlStore)sp.GetRequiredService<ISplitstreamStore>());
        builder.Services.AddSingleton<INotificationStore>(sp => (SqlStore)sp.GetRequiredService<ISplitstreamStore>());
        builder.Services.AddSingleton<IUploadStore>(sp => (IUploadStore)sp.GetRequiredService<ISplitstreamStore>());
        builder.Services.AddSingleton<IProgressStore>(sp => (IProgressStore)sp.GetRequiredService<ISplitstreamStore>());
        builder.Services.TryAddSingleton<IAccountStore>(sp => (IAccountStore)sp.GetRequiredService<ISplitstreamStore>());
        builder.Services.TryAddSingleton<IPointStreams>(sp => (IPointStreams)sp.GetRequiredService<ISplitstreamStore>());
        builder.Services.AddSingleton<IPersonalBestStore>(sp => sp.GetRequiredService<ISplitstreamStore>() as IPersonalBestStore
            ?? throw new InvalidOperationException("the configured store keeps no best efforts"));
        builder.Services.AddSingleton<IActivityTotalsStore>(sp => sp.GetRequiredService<ISplitstreamStore>() as IActivityTotalsStore
            ?? throw new InvalidOperationException("the configured store has no activity totals"));
        builder.Services.AddSingleton<IRaceStore>(sp => (IRaceStore)sp.GetRequiredService<ISplitstreamStore>());
        builder.Services.AddSingleton<IAccountRoleStore>(sp => (IAccountRoleStore)sp.GetRequiredService<ISplitstreamStore>());
        builder.Services.AddHostedService<StoreMigrator>();
        builder.Services.TryAddSingleton<StoreReadinessCheck>();
        builder.Services.AddHealthChecks().AddCheck<StoreReadinessCheck>("store", tags: [readyTag]);
        return builder;
    }

    /// <summary>
    /// The account store alone, for a service that reads accounts (revoked device credentials) but neither migrates
    /// nor serves the rest: the process's store if it has one, else its own connection to the configured one. Opens
    /// nothing until first used.
    /// </summary>
    public static IHostApplicationBuilder AddAccountStore(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(StoreOptions.Section).Get<StoreOptions>() ?? new StoreOptions();
        builder.Services.TryAddSingleton<IAccountStore>(sp => sp.GetService<ISplitstreamStore>() as IAccountStore ?? (IAccountStore)Create(options));
        return builder;
    }

    public static ISplitstreamStore Create(StoreOptions options) =>
        string.IsNullOrWhiteSpace(options.Postgres) ? new SqliteStore(options.SqlitePath) : new PostgresStore(options.Postgres);
}
