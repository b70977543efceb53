using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Splitstream.Ingest.Tests;

/// <summary>
/// Starts the gateway's real <see cref="ActivityRegistryLoader"/> only once the test releases it, so the window in which
/// a restarted gateway's registry is still loading lasts exactly as long as the test wants: no sleeps, no slow broker.
/// </summary>
internal sealed class HeldRegistryLoader(ActivityRegistryLoader loader, Task release) : IHostedService
{
    private Task started = Task.CompletedTask;

    /// <summary>Replaces the loader's hosted service with one held until <paramref name="release"/> completes.</summary>
    public static void Replace(IServiceCollection services, Task release)
    {
        var hosted = services.Single(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(ActivityRegistryLoader));
        services.Remove(hosted);
        services.AddSingleton<ActivityRegistryLoader>();
        services.AddSingleton<IHostedService>(sp => new HeldRegistryLoader(sp.GetRequiredService<ActivityRegistryLoader>(), release));
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        started = StartWhenReleasedAsync();
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // Never released (a test that failed while holding it): the loader never ran, there is nothing to stop.
        if (release.IsCompleted)
        {
            await started;
            await loader.StopAsync(cancellationToken);
        }
    }

    private async Task StartWhenReleasedAsync()
    {
        await release;
        await loader.StartAsync(CancellationToken.None);
    }
}
