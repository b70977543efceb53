using System.Collections.Concurrent;
using System.Net;
using Splitstream.Platform;
using Splitstream.Schemas;
using Splitstream.Schemas.V1;

namespace Splitstream.Ingest.Tests;

/// <summary>Its own platform: taking every broker down must not disturb the other tests.</summary>
[Collection(BrokerOutageTests.Name)]
public sealed class BrokerOutageTests : IAsyncLifetime
{
    public const string Name = "broker outage";
    private const int SamplesPerBatch = 10;
    private EmbeddedPlatform platform = null!;
    private IngestGateway gateway = null!;

    public async Task InitializeAsync()
    {
        platform = await EmbeddedPlatform.StartAsync(partitions: 3);
        gateway = await IngestGateway.StartAsync(platform, new Dictionary<string, string?> { ["Ingest:ProducerMessageTimeoutMs"] = "3000" });
    }

    public async Task DisposeAsync()
    {
        await gateway.DisposeAsync();
        await platform.DisposeAsync();
    }

    [Fact]
    public async Task With_every_broker_down_new_batches_get_503_and_every_202_batch_is_on_the_topic_afterwards()
    {
        using var http = gateway.Client("u-outage");
        var id = await Requests.StartActivityAsync(http);
        var accepted = new ConcurrentBag<int>();
        var refused = new ConcurrentBag<int>();
        var unexpected = new ConcurrentBag<string>();
        var next = 0;
        using var stop = new CancellationTokenSource();

        async Task WorkerAsync()
        {
            while (!stop.IsCancellationRequested)
            {
                var batch = Interlocked.Increment(ref next);
                var body = Requests.Json(Requests.Samples(SamplesPerBatch, offsetSeconds: batch * SamplesPerBatch));
                var response = await http.PostAsync($"/v1/activities/{id}/samples", body);
                if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    accepted.Add(batch);
                }
                else if (response.StatusCode == HttpStatusCode.ServiceUnavailable && response.Headers.RetryAfter is not null)
                {
                    refused.Add(batch);
                    await Task.Delay(100);
                }
                else
                {
                    unexpected.Add($"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                }
            }
        }

        var workers = Enumerable.Range(0, 4).Select(_ => Task.Run(WorkerAsync)).ToList();
        await Eventually.TrueAsync(() => accepted.Count >= 20, "batches accepted before the outage");
        platform.Cluster.Faults.SetAllBrokersDown();
        try
        {
            await Eventually.TrueAsync(() => refused.Count >= 8, "503s while every broker is down");
        }
        finally
        {
            platform.Cluster.Faults.SetAllBrokersUp();
        }
        var acceptedBeforeRecovery = accepted.Count;
        await Eventually.TrueAsync(() => accepted.Count >= acceptedBeforeRecovery + 20, "batches accepted after the brokers returned");
        await stop.CancelAsync();
        await Task.WhenAll(workers);

        Assert.Empty(unexpected);
        // Each batch's first sample time identifies it (batch n starts n * SamplesPerBatch seconds in).
        var onTopic = new TopicReader(platform).Read(Topics.Gps, id, GpsBatch.Parser)
            .Select(r => (int)((r.Value.Samples[0].TimeMs - Requests.Start.AddSeconds(10).ToUnixTimeMilliseconds()) / 1000 / SamplesPerBatch))
            .ToHashSet();
        var lost = accepted.Where(batch => !onTopic.Contains(batch)).Order().ToList();
        Assert.True(lost.Count == 0, $"acknowledged but not on the topic: {string.Join(',', lost)}");
        Assert.NotEmpty(refused);
    }
}

[CollectionDefinition(BrokerOutageTests.Name)]
public sealed class BrokerOutageCollection;
