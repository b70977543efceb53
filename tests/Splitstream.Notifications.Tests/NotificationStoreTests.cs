using Splitstream.Processors.Notifications;
using Splitstream.Store;

namespace Splitstream.Notifications.Tests;

/// <summary>The inbox and webhook store (migration 9) in both dialects: SQLite and a real PostgreSQL.</summary>
public sealed class NotificationStoreTests(PostgresDatabaseFixture postgres) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "splitstream-notify-store", Guid.NewGuid().ToString("N"));
    private SqlStore sqlite = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(directory);
        sqlite = (SqlStore)StoreExtensions.Create(new StoreOptions { SqlitePath = Path.Combine(directory, "splitstream.db") });
        await sqlite.MigrateAsync();
    }

    public async Task DisposeAsync()
    {
        await sqlite.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }

    private SqlStore Store(string dialect) => dialect == "postgres" ? postgres.Store : sqlite;

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Delivery_jobs_are_idempotent_ordered_per_endpoint_and_keep_their_attempts(string dialect)
    {
        var store = Store(dialect);
        var endpoint = await DeliveryRig.SubscribeAsync(store, "s-" + dialect, new Uri("https://hooks.example.com/in"), "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        var jobs = Enumerable.Range(1, 3).Select(i => WebhookDeliveries.NewJob(endpoint.EndpointId, $"n{i}", "inactivity", "{}", 1000 + i, TimeSpan.FromHours(24))).ToList();
        Assert.Equal(3, await store.EnqueueDeliveriesAsync(jobs));
        Assert.Equal(0, await store.EnqueueDeliveriesAsync(jobs));

        // Only the oldest pending delivery of an endpoint is due: the verification ping first.
        var due = await store.DueDeliveriesAsync(10_000_000_000_000, 10, endpoint.EndpointId);
        Assert.Equal("webhook.verification", Assert.Single(due).Type);
        await store.RecordAttemptAsync(new WebhookAttempt(due[0].DeliveryId, WebhookDelivery.Pending, 5_000, 9_000, 503, "HTTP 503"));
        Assert.Empty(await store.DueDeliveriesAsync(8_999, 10, endpoint.EndpointId));
        await store.RecordAttemptAsync(new WebhookAttempt(due[0].DeliveryId, WebhookDelivery.Delivered, 9_000, 9_000, 204, null));
        var next = Assert.Single(await store.DueDeliveriesAsync(10_000_000_000_000, 10, endpoint.EndpointId));
        Assert.Equal(jobs[0].DeliveryId, next.DeliveryId);

        var log = await store.ListDeliveriesAsync(endpoint.EndpointId, 2, null);
        Assert.Equal(new[] { jobs[2].DeliveryId, jobs[1].DeliveryId }, log.Select(d => d.DeliveryId));
        var older = await store.ListDeliveriesAsync(endpoint.EndpointId, 10, log[^1].Seq);
        Assert.Equal(2, older.Count);
        var verification = older.Single(d => d.Type == "webhook.verification");
        Assert.Equal((WebhookDelivery.Delivered, 2, 204, (long?)9_000), (verification.Status, verification.Attempts, verification.LastStatusCode, verification.DeliveredAtMs));

        Assert.True(await store.RetryDeliveryAsync(endpoint.EndpointId, verification.DeliveryId, 20_000, 30_000));
        Assert.False(await store.RetryDeliveryAsync("wh_other", verification.DeliveryId, 20_000, 30_000));
        Assert.True(await store.SetWebhookStatusAsync(endpoint.EndpointId, WebhookEndpoint.Disabled));
        Assert.Empty(await store.WebhooksForUserAsync("s-" + dialect));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task The_inbox_keeps_the_first_copy_and_its_read_mark_and_settings_get_increasing_revisions(string dialect)
    {
        var store = Store(dialect);
        var user = "inbox-" + dialect;
        NotificationRecord Entry(string id, long created) => new(id, user, "inactivity", created, "2026-11-10", "{}", created);
        Assert.Equal(2, await store.AddNotificationsAsync([Entry("a", 1), Entry("b", 2)]));
        Assert.True(await store.MarkNotificationReadAsync(user, "a", 50));
        Assert.Equal(0, await store.AddNotificationsAsync([Entry("a", 3)]));
        Assert.Equal(new[] { "b" }, (await store.ListNotificationsAsync(user, true, 10, null)).Select(n => n.NotificationId));
        Assert.Equal(50, (await store.ListNotificationsAsync(user, false, 10, new NotificationCursor(2, "b"))).Single().ReadAtMs);
        Assert.Equal(new[] { "b" }, (await store.NotificationsAfterAsync(user, new NotificationCursor(1, "a"), 10)).Select(n => n.NotificationId));

        var first = await store.SaveNotificationSettingsAsync(NotificationSettingsRecord.Defaults(user) with { TimeZone = "Europe/Berlin" });
        var second = await store.SaveNotificationSettingsAsync(first with { InactivityDays = 0, WeeklySummary = false });
        Assert.Equal((1L, 2L), (first.Revision, second.Revision));
        Assert.Equal(second, await store.GetNotificationSettingsAsync(user));
    }
}
