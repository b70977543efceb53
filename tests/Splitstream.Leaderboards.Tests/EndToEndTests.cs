extern alias QueryApi;

using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Confluent.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Splitstream.Platform;
using Splitstream.Processors;
using Splitstream.Schemas;
using Splitstream.Schemas.V1;
using Splitstream.ServiceDefaults;

namespace Splitstream.Leaderboards.Tests;

/// <summary>
/// The processors host (AddProcessors, as `make run` composes it) and the query API on one embedded cluster and one
/// SQLite file: a goal set over HTTP, summaries produced to activity.summary.v1 (with duplicates), and the results on
/// leaderboards.v1, notifications.v1 and the leaderboard route.
/// </summary>
public sealed class EndToEndTests : IAsyncLifetime
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(60);
    private readonly string directory = Path.Combine(Path.GetTempPath(), "splitstream-leaderboard-e2e", Guid.NewGuid().ToString("N"));
    private EmbeddedPlatform platform = null!;
    private IHost processors = null!;
    private ServiceFactory<QueryApi::Program> query = null!;

    public async Task InitializeAsync()
    {
        platform = await EmbeddedPlatform.StartAsync(partitions: 3);
        var settings = new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = platform.BootstrapServers,
            ["Kafka:Partitions"] = "3",
            ["SchemaRegistry:Url"] = platform.SchemaRegistryUrl,
            ["Auth:SigningKey"] = "leaderboard-e2e-signing-key-0123456789abcdef",
            ["Store:SqlitePath"] = Path.Combine(directory, "splitstream.db"),
        };
        var processorsBuilder = Host.CreateApplicationBuilder();
        processorsBuilder.Logging.SetMinimumLevel(LogLevel.Warning);
        processorsBuilder.Configuration.AddInMemoryCollection(settings);
        // As the all-in-one host does: the mock cluster has no CreateTopics, so topics are created through its own API.
        processorsBuilder.Services.AddSingleton<ITopicProvisioner>(new EmbeddedTopicProvisioner(platform.Cluster));
        processorsBuilder.AddServiceDefaults();
        processorsBuilder.AddProcessors();
        processors = processorsBuilder.Build();

        // The query API's own Program.cs (WebApplicationFactory on Kestrel), not a copy of its composition.
        query = new ServiceFactory<QueryApi::Program>(settings,
            configureServices: services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(new FixedTimeProvider(QueryApiHost.Now))));

        await processors.StartAsync();
        query.StartServer();
    }

    [Fact]
    public async Task Summaries_become_boards_notifications_and_the_served_leaderboard()
    {
        using var ann = Client("e2e-ann");
        var goal = await ann.PutAsJsonAsync("/v1/users/e2e-ann/goals", new { sport = "run", kind = "distance", target_distance_m = 10_000 });
        Assert.Equal(System.Net.HttpStatusCode.OK, goal.StatusCode);

        var serializer = await ProtobufSerializer<ActivitySummary>.CreateAsync(platform.Registry, Topics.ActivitySummary, ActivitySummary.Parser);
        using (var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = platform.BootstrapServers, EnableIdempotence = true }).Build())
        {
            var summaries = new[]
            {
                Summaries.Of("e2e-a1", "e2e-ann", 4_000, Summaries.Week47),
                Summaries.Of("e2e-b1", "e2e-bob", 9_000, Summaries.Week47.AddHours(1)),
                Summaries.Of("e2e-a2", "e2e-ann", 7_500, Summaries.Week47.AddDays(1)),
                Summaries.Of("e2e-c1", "e2e-cat", 3_000, Summaries.Week47, country: "FR"),
            };
            // Every summary twice, as a replaying metrics topology would send them.
            foreach (var summary in summaries.Concat(summaries))
            {
                await producer.ProduceAsync(Topics.ActivitySummary,
                    new Message<string, byte[]> { Key = summary.ActivityId, Value = serializer.Serialize(summary) });
            }
        }

        var boards = TopicReader.ReadUntil(platform, Topics.Leaderboards, Leaderboard.Parser,
            records => records.Any(r => r.Key == "weekly-distance:run:CA:2026-W47" && r.Value.Entries.Count == 2 && r.Value.Entries[0].DistanceM == 11_500),
            Settle);
        var canada = boards.Last(r => r.Key == "weekly-distance:run:CA:2026-W47").Value;
        Assert.Equal([("e2e-ann", 11_500.0, 2), ("e2e-bob", 9_000.0, 1)], canada.Entries.Select(e => (e.UserId, e.DistanceM, e.Activities)));

        // notifications.v1 also carries the notification topology's events (activity.finished, …): the goal's are these.
        static bool IsGoalAchieved((string Key, Notification Value) r) => r.Value.NotificationId.StartsWith("goal-achieved:", StringComparison.Ordinal);
        var notifications = TopicReader.ReadUntil(platform, Topics.Notifications, Notification.Parser, records => records.Any(IsGoalAchieved), Settle);
        var achieved = Assert.Single(notifications, IsGoalAchieved).Value;
        Assert.Equal("goal-achieved:e2e-ann:distance:run:week:2026-W47", achieved.NotificationId);
        Assert.Equal(("run", "CA", 11_500.0), (achieved.GoalAchieved.Sport, achieved.GoalAchieved.Country, achieved.GoalAchieved.AchievedValue));

        // The sink writes boards to the store; the route serves them (ann shares nothing: the viewer bob sees her masked).
        using var bob = Client("e2e-bob");
        JsonElement served = default;
        for (var deadline = DateTime.UtcNow + Settle; DateTime.UtcNow < deadline; await Task.Delay(200))
        {
            served = await bob.GetFromJsonAsync<JsonElement>("/v1/leaderboards/weekly-distance/run?scope=global&week=2026-W47");
            if (served.GetProperty("entries").GetArrayLength() == 3)
            {
                break;
            }
        }
        Assert.Equal([(null, 11_500.0, true), ("e2e-bob", 9_000.0, false), (null, 3_000.0, true)],
            served.GetProperty("entries").EnumerateArray().Select(e =>
                (e.GetProperty("user_id").GetString(), e.GetProperty("distance_m").GetDouble(), e.GetProperty("masked").GetBoolean())));

        // And the goal's progress reaches the goals route through goal.progress.v1 and its sink.
        JsonElement progress = default;
        for (var deadline = DateTime.UtcNow + Settle; DateTime.UtcNow < deadline; await Task.Delay(200))
        {
            progress = (await ann.GetFromJsonAsync<JsonElement>("/v1/users/e2e-ann/goals")).GetProperty("goals")[0].GetProperty("progress");
            if (progress.GetProperty("achieved").GetBoolean())
            {
                break;
            }
        }
        Assert.Equal((11_500.0, true), (progress.GetProperty("value").GetDouble(), progress.GetProperty("achieved").GetBoolean()));
    }

    private HttpClient Client(string user)
    {
        var http = new HttpClient { BaseAddress = query.BaseAddress };
        var token = query.Services.GetRequiredService<TokenService>().Issue(user, Roles.Athlete, TimeSpan.FromHours(1));
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    public async Task DisposeAsync()
    {
        await query.DisposeAsync();
        await processors.StopAsync();
        processors.Dispose();
        await platform.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }
}
