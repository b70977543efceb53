using System.Net.Http.Json;
using Splitstream.Schemas;

namespace Splitstream.Platform;

/// <summary>
/// Creates topics on an embedded cluster owned by another process, through the owner's <see cref="EmbeddedTopicsApi"/>
/// (configured as <c>Kafka:EmbeddedControlUrl</c>, the owner's schema registry URL).
/// </summary>
public sealed class HttpTopicProvisioner(Uri controlUrl) : ITopicProvisioner
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public async Task EnsureTopicsAsync(IEnumerable<TopicSpec> topics, CancellationToken cancellationToken = default)
    {
        var specs = topics.ToArray();
        if (specs.Length == 0)
        {
            return;
        }
        using var response = await Http.PostAsJsonAsync(new Uri(controlUrl, EmbeddedTopicsApi.Path), specs, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException(
                $"creating {specs.Length} topic(s) through {controlUrl} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
    }
}
