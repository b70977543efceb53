extern alias QueryApi;

using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Splitstream.Platform;
using Splitstream.Processors;
using Splitstream.ServiceDefaults;
using Splitstream.Store;

namespace Splitstream.Workouts.Tests;

/// <summary>
/// The whole pipeline as `make run` composes it, on one embedded cluster and one SQLite file: the ingest gateway, the
/// processors (metrics topology and sinks) and the query API, all with the gateway's test signing key.
/// </summary>
public sealed class WorkoutsPipeline : IAsyncLifetime
{
    public static readonly TimeSpan Settle = TimeSpan.FromSeconds(90);
    private readonly string directory = Path.Combine(Path.GetTempPath(), "splitstream-workouts-e2e", Guid.NewGuid().ToString("N"));
    private EmbeddedPlatform platform = null!;
    private IHost processors = null!;
    private ServiceFactory<QueryApi::Program> query = null!;

    public IngestGateway Gateway { get; private set; } = null!;

    public ISplitstreamStore Store => query.Services.GetRequiredService<ISplitstreamStore>();

    public async Task InitializeAsync()
    {
        platform = await EmbeddedPlatform.StartAsync(partitions: 3);
        var settings = new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = platform.BootstrapServers,
            ["Kafka:Partitions"] = "3",
            ["SchemaRegistry:Url"] = platform.SchemaRegistryUrl,
            ["Auth:SigningKey"] = IngestGateway.SigningKey,
            ["Store:SqlitePath"] = Path.Combine(directory, "splitstream.db"),
            // Each pipeline's own RocksDB state: two test classes run their pipelines at once, and a shared directory
            // (the default .data/state under the test's bin folder) fails one of them on RocksDB's lock.
            ["Processors:StateDir"] = Path.Combine(directory, "state"),
        };
        var processorsBuilder = Host.CreateApplicationBuilder();
        processorsBuilder.Logging.SetMinimumLevel(LogLevel.Warning);
        processorsBuilder.Configuration.AddInMemoryCollection(settings);
        processorsBuilder.Services.AddSingleton<ITopicProvisioner>(new EmbeddedTopicProvisioner(platform.Cluster));
        processorsBuilder.AddServiceDefaults();
        processorsBuilder.AddProcessors();
        processors = processorsBuilder.Build();

        // The query API's own Program.cs (WebApplicationFactory on Kestrel), not a copy of its composition.
        query = new ServiceFactory<QueryApi::Program>(settings);

        await processors.StartAsync();
        query.StartServer();
        Gateway = await IngestGateway.StartAsync(platform, settings);
    }

    public HttpClient Ingest(string user) => Gateway.Client(user);

    public HttpClient Query(string user)
    {
        var http = new HttpClient { BaseAddress = query.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        // Reads are for people (athlete), not devices (DESIGN §7).
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", IngestGateway.Token(user, Roles.Athlete));
        return http;
    }

    /// <summary>Uploads a file and waits until its upload is ready; returns the upload's answer.</summary>
    public async Task<JsonElement> UploadReadyAsync(string user, byte[] file, string query = "", string contentType = "application/vnd.ant.fit")
    {
        using var http = Ingest(user);
        using var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        var response = await http.PostAsync("/v1/uploads" + query, content);
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        var accepted = await response.Content.ReadFromJsonAsync<JsonElement>();
        await WaitForStatusAsync(http, accepted.GetProperty("upload_id").GetString()!, "ready");
        return accepted;
    }

    /// <summary>
    /// The stored GPS points once there are <paramref name="count"/>: "ready" means summarised, and the point sink
    /// (another consumer group) may still be writing the last batch.
    /// </summary>
    public Task<IReadOnlyList<GpsPoint>> GpsAsync(string activityId, int count) =>
        StoredAsync(() => Store.GetGpsAsync(activityId), count);

    /// <summary>The stored heart-rate points once there are <paramref name="count"/> (their sink is another consumer group).</summary>
    public Task<IReadOnlyList<HeartRatePoint>> HeartRatesAsync(string activityId, int count) =>
        StoredAsync(() => Store.GetHeartRateAsync(activityId), count);

    private static async Task<IReadOnlyList<T>> StoredAsync<T>(Func<Task<IReadOnlyList<T>>> read, int count)
    {
        IReadOnlyList<T> points = [];
        for (var deadline = DateTime.UtcNow + Settle; DateTime.UtcNow < deadline && points.Count < count; await Task.Delay(250))
        {
            points = await read();
        }
        return points;
    }

    public static async Task<JsonElement> WaitForStatusAsync(HttpClient ingest, string uploadId, string status)
    {
        JsonElement last = default;
        for (var deadline = DateTime.UtcNow + Settle; DateTime.UtcNow < deadline; await Task.Delay(250))
        {
            last = await ingest.GetFromJsonAsync<JsonElement>($"/v1/uploads/{uploadId}");
            if (last.GetProperty("status").GetString() == status)
            {
                return last;
            }
        }
        Assert.Fail($"upload {uploadId} did not become {status}: {last}");
        return last;
    }

    public async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await query.DisposeAsync();
        await processors.StopAsync();
        processors.Dispose();
        await platform.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }
}
