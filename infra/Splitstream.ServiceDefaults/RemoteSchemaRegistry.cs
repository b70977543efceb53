using Splitstream.Schemas;

namespace Splitstream.ServiceDefaults;

/// <summary>A schema registry reached over HTTP at its URL, schemas cached: how a service (or a bench) talks to one it does not own.</summary>
public static class RemoteSchemaRegistry
{
    public static ISchemaRegistry Create(string url) =>
        new CachedSchemaRegistry(new HttpSchemaRegistry(new HttpClient { BaseAddress = new Uri(url.TrimEnd('/') + "/"), Timeout = TimeSpan.FromSeconds(10) }));
}
