using System.Net;
using Splitstream.Platform;
using Splitstream.Schemas;
using Splitstream.Schemas.V1;

namespace Splitstream.Ingest.Tests;

/// <summary>
/// On the embedded platform with an archive (`make run`), a 202 means the batch is on disk: the data directory copied
/// the moment the 202 arrives (what a SIGKILL would leave) restores a cluster that holds the batch.
/// </summary>
public sealed class DurableAcknowledgementTests : IAsyncLifetime
{
    private readonly string directory = Directory.CreateTempSubdirectory("splitstream-ingest-archive-").FullName;
    private EmbeddedPlatform platform = null!;
    private IngestGateway gateway = null!;

    public async Task InitializeAsync()
    {
        platform = await EmbeddedPlatform.StartAsync(partitions: 3, dataDirectory: Path.Combine(directory, "live"));
        gateway = await IngestGateway.StartAsync(platform);
    }

    public async Task DisposeAsync()
    {
        await gateway.DisposeAsync();
        await platform.DisposeAsync();
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task Every_batch_answered_202_is_in_the_archive_a_crash_at_that_moment_would_leave()
    {
        using var http = gateway.Client("u-durable");
        var id = await Requests.StartActivityAsync(http);
        for (var batch = 0; batch < 5; batch++)
        {
            var response = await http.PostAsync($"/v1/activities/{id}/samples", Requests.Json(Requests.Samples(20, hrEvery: 2, offsetSeconds: batch * 20)));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            CopyDirectory(Path.Combine(directory, "live"), Path.Combine(directory, $"crash-{batch}"));
        }

        for (var batch = 0; batch < 5; batch++)
        {
            await using var restored = await EmbeddedPlatform.StartAsync(partitions: 3, dataDirectory: Path.Combine(directory, $"crash-{batch}"));
            var reader = new TopicReader(restored);
            Assert.Equal(batch + 1, reader.Read(Topics.Gps, id, GpsBatch.Parser).Count);
            Assert.Equal(batch + 1, reader.Read(Topics.HeartRate, id, HeartRateBatch.Parser).Count);
            Assert.Single(reader.Read(Topics.ActivityEvents, id, ActivityEvent.Parser));
        }
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
