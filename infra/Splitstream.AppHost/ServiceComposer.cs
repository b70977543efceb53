using Microsoft.Extensions.DependencyInjection.Extensions;
using Splitstream.Platform;
using Splitstream.Schemas;
using Splitstream.ServiceDefaults;

namespace Splitstream.AppHost;

/// <summary>
/// Builds each service's host the way its own Program.cs does, handing every one the same platform settings; with
/// the embedded platform, services use the in-process registry and create topics through the mock API.
/// </summary>
public sealed class ServiceComposer(string[] args, IReadOnlyDictionary<string, string?> platformSettings, EmbeddedPlatform? embedded)
{
    public WebApplicationBuilder WebBuilder(string url)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls(url);
        Prepare(builder);
        return builder;
    }

    public HostApplicationBuilder WorkerBuilder()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
        Prepare(builder);
        return builder;
    }

    private void Prepare(IHostApplicationBuilder builder)
    {
        // Relative paths (.data/...) are the working directory's, as for a stand-alone service run from the repo root.
        builder.Configuration.AddInMemoryCollection(platformSettings);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Auth:SigningKeyFile"] = Path.GetFullPath(builder.Configuration["Auth:SigningKeyFile"] ?? ".data/dev-signing-key"),
            // make run is a development host: webhooks to receivers on this machine (loopback, LAN) are allowed.
            ["Notifications:AllowPrivateTargets"] = builder.Configuration["Notifications:AllowPrivateTargets"] ?? "true",
        });
        if (embedded is not null)
        {
            builder.Services.TryAddSingleton<ISchemaRegistry>(embedded.Registry);
            builder.Services.TryAddSingleton<ITopicProvisioner>(new EmbeddedTopicProvisioner(embedded.Cluster));
            builder.Services.TryAddSingleton(embedded.Durability);
        }
        builder.AddServiceDefaults();
    }
}
