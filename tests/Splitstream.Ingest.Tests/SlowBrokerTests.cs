using System.Net;
using Splitstream.Platform;
using Splitstream.Schemas;
using Splitstream.Schemas.V1;

namespace Splitstream.Ingest.Tests;

/// <summary>
/// Claims of the ingest README that only show while Kafka is slow: a platform of its own whose brokers answer after a
/// long round trip, so a request is provably still in flight when the next one arrives (the registry's loading window is
/// held open deterministically instead: GatewayInstanceTests). The assertions are about order (this answer came while that request was still pending), never wall time.
/// </summary>
[Collection(Name)]
public sealed class SlowBrokerTests : IAsyncLifetime
{
    public const string Name = "slow broker";
    private static readonly TimeSpan SlowRoundTrip = TimeSpan.FromSeconds(3);
    private EmbeddedPlatform platform = null!;

    public async Task InitializeAsync() => platform = await EmbeddedPlatform.StartAsync(partitions: 3);

    public async Task DisposeAsync() => await platform.DisposeAsync();

    [Fact]
    public async Task A_batch_beyond_the_in_flight_byte_budget_is_refused_with_503_while_the_first_is_still_awaiting_Kafka()
    {
        // A budget of one byte: whatever is in flight, the next batch does not fit (a lone batch always goes through).
        await using var gateway = await IngestGateway.StartAsync(platform, new Dictionary<string, string?>
        {
            ["Ingest:MaxInFlightBytes"] = "1",
            ["Ingest:ProducerMessageTimeoutMs"] = "60000",
        });
        using var http = gateway.Client("u-budget");
        var id = await Requests.StartActivityAsync(http);
        var publisher = gateway.Service<TelemetryPublisher>();

        HttpResponseMessage second;
        Task<HttpResponseMessage> first;
        SlowDown();
        try
        {
            first = http.PostAsync($"/v1/activities/{id}/samples", Requests.Json(Requests.Samples(20)));
            await Eventually.TrueAsync(() => publisher.InFlightBytes > 0 || first.IsCompleted, "the first batch to be in flight");
            Assert.False(first.IsCompleted, "the first batch was answered before the broker could have acknowledged it");

            second = await http.PostAsync($"/v1/activities/{id}/samples", Requests.Json(Requests.Samples(20, offsetSeconds: 100)));

            // Refused at once: the first batch is still waiting for its delivery reports.
            Assert.False(first.IsCompleted, "the refusal waited for the first batch instead of answering at once");
        }
        finally
        {
            SpeedUp();
        }
        await Requests.ProblemAsync(second, HttpStatusCode.ServiceUnavailable);
        Assert.NotNull(second.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.Accepted, (await first).StatusCode);
        Assert.Equal(0, publisher.InFlightBytes);

        // Nothing of the refused batch was written: only the first batch's 20 samples are on the topic.
        var batches = new TopicReader(platform).Read(Topics.Gps, id, GpsBatch.Parser);
        Assert.Equal([20], batches.Select(b => b.Value.Samples.Count));
        Assert.True(batches.Single().Value.Samples.All(s => s.TimeMs < Requests.Start.AddSeconds(100).ToUnixTimeMilliseconds()));
    }

    private void SlowDown()
    {
        for (var broker = 1; broker <= platform.Cluster.BrokerCount; broker++)
        {
            platform.Cluster.Faults.SetBrokerRoundTrip(broker, SlowRoundTrip);
        }
    }

    private void SpeedUp()
    {
        for (var broker = 1; broker <= platform.Cluster.BrokerCount; broker++)
        {
            platform.Cluster.Faults.SetBrokerRoundTrip(broker, TimeSpan.Zero);
        }
    }
}

[CollectionDefinition(SlowBrokerTests.Name)]
public sealed class SlowBrokerCollection;
