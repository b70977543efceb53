using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Splitstream.Ingest;
using Splitstream.Platform;
using Splitstream.Schemas;
using Splitstream.ServiceDefaults;

namespace Splitstream.Races.Tests;

/// <summary>The ingest gateway composed as its Program.cs does, on real Kestrel at 127.0.0.1:0, against an embedded platform.</summary>
public sealed class IngestHost : IAsyncDisposable
{
    private readonly WebApplication app;

    private IngestHost(WebApplication app)
    {
        this.app = app;
        BaseAddress = new Uri(app.Urls.First());
    }

    public Uri BaseAddress { get; }

    public static async Task<IngestHost> StartAsync(EmbeddedPlatform platform)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = platform.BootstrapServers,
            ["SchemaRegistry:Url"] = platform.SchemaRegistryUrl,
            ["Auth:SigningKey"] = RacesQueryHost.SigningKey,
        });
        builder.Services.TryAddSingleton<ISchemaRegistry>(platform.Registry);
        builder.AddServiceDefaults();
        builder.AddIngest();
        var app = builder.Build();
        app.UseIngest();
        app.MapDefaultEndpoints();
        app.MapIngestApiV1();
        await app.StartAsync();
        return new IngestHost(app);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
