using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Splitstream.ServiceDefaults;

/// <summary>Tokens (JwtBearer), the embedded issuer, role policies and the revocation list every service composes.</summary>
public static class AuthenticationExtensions
{
    public static IServiceCollection AddSplitstreamAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AuthOptions>().Bind(configuration.GetSection(AuthOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>());
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<AuthOptions>>().Value;
            return new TokenService(TokenService.LoadKey(options), sp.GetRequiredService<TimeProvider>(), options.Issuer, options.Audience);
        });
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<JwtBearerOptions>, ConfigureJwtBearer>());
        services.AddAuthorization(Policies.Add);
        // Replaces the framework's handler, which AddAuthorization registered first: a missing role is 403 problem+json.
        services.Replace(ServiceDescriptor.Singleton<IAuthorizationMiddlewareResultHandler, ProblemAuthorizationResultHandler>());
        return services;
    }

    /// <summary>Checks device-credential tokens against the revoked ids <paramref name="load"/> reads (the account store).</summary>
    public static IServiceCollection AddDeviceRevocations(
        this IServiceCollection services, Func<IServiceProvider, Func<CancellationToken, Task<IReadOnlyCollection<string>>>> load)
    {
        services.TryAddSingleton(sp => new DeviceRevocationList(load(sp), sp.GetRequiredService<IOptions<AuthOptions>>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<DeviceRevocationList>>()));
        return services;
    }
}
