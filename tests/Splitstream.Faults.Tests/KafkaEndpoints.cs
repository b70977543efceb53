namespace Splitstream.Faults.Tests;

/// <summary>Where a pipeline's cluster and schema registry answer (the test's own platform, or the AppHost's run.json).</summary>
internal sealed record KafkaEndpoints(string BootstrapServers, string SchemaRegistryUrl)
{
    /// <summary>A registry client on <see cref="SchemaRegistryUrl"/> (its routes are relative: the base ends with a slash).</summary>
    public HttpClient RegistryHttp() => new() { BaseAddress = new Uri(SchemaRegistryUrl.TrimEnd('/') + "/"), Timeout = TimeSpan.FromSeconds(10) };
}
