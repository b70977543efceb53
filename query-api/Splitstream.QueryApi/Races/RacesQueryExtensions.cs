using Microsoft.Extensions.DependencyInjection.Extensions;
using Splitstream.ServiceDefaults;
using Splitstream.Store;

namespace Splitstream.QueryApi.Races;

/// <summary>The race standings view of this instance: the broadcast feed, its readiness check, privacy.</summary>
public static class RacesQueryExtensions
{
    public static IHostApplicationBuilder AddRaceStandingsView(this IHostApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton(builder.Configuration.GetSection("Races").Get<RaceStreamOptions>() ?? RaceStreamOptions.Default);
        builder.Services.TryAddSingleton(sp => new RaceStandingsView(sp.GetRequiredService<RaceStreamOptions>()));
        builder.Services.TryAddSingleton<IRaceDirectory>(sp => sp.GetRequiredService<ISplitstreamStore>() as IRaceDirectory
            ?? throw new InvalidOperationException("the configured store keeps no race settings"));
        builder.Services.TryAddSingleton<RacePrivacy>();
        builder.Services.TryAddSingleton<RaceDefinitionPublisher>();
        builder.Services.AddHostedService<RaceStandingsFeed>();
        builder.Services.AddHealthChecks().AddCheck<RaceStandingsReadinessCheck>("race-standings", tags: [ServiceDefaultsExtensions.ReadyTag]);
        return builder;
    }
}
