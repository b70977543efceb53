using System.Data.Common;

namespace Splitstream.Store;

/// <summary>Webhook endpoints and delivery jobs of <see cref="IWebhookStore"/>, in the SQL both dialects accept.</summary>
public abstract partial class SqlStore : IWebhookStore
{
    private const string EndpointColumns = "endpoint_id, owner_id, user_filter, url, events, secret, status, created_at_ms";

    private const string DeliveryColumns = """
        d.delivery_id, d.endpoint_id, d.seq, d.notification_id, d.type, d.payload, d.status, d.attempts, d.created_at_ms,
        d.next_attempt_at_ms, d.deadline_ms, d.last_attempt_at_ms, d.last_status_code, d.last_error, d.delivered_at_ms
        """;

    public async Task CreateWebhookAsync(WebhookEndpoint endpoint, WebhookDelivery verification, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken);
        await using (var insert = Command(connection, $"""
            INSERT INTO webhook_endpoints ({EndpointColumns}) VALUES (@id, @owner, @filter, @url, @events, @secret, @status, @created)
            """, ("id", endpoint.EndpointId), ("owner", endpoint.OwnerId), ("filter", endpoint.UserFilter), ("url", endpoint.Url),
            ("events", string.Join(',', endpoint.Events)), ("secret", endpoint.Secret), ("status", endpoint.Status),
            ("created", endpoint.CreatedAtMs)))
        {
            insert.Transaction = transaction;
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        await InsertDeliveriesAsync(connection, transaction, [verification], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<WebhookEndpoint?> GetWebhookAsync(string endpointId, CancellationToken cancellationToken = default) =>
        (await ReadEndpointsAsync($"SELECT {EndpointColumns} FROM webhook_endpoints WHERE endpoint_id = @id", cancellationToken, ("id", endpointId)))
        .SingleOrDefault();

    public Task<IReadOnlyList<WebhookEndpoint>> ListWebhooksAsync(string ownerId, CancellationToken cancellationToken = default) =>
        ReadEndpointsAsync($"SELECT {EndpointColumns} FROM webhook_endpoints WHERE owner_id = @owner ORDER BY created_at_ms, endpoint_id",
            cancellationToken, ("owner", ownerId));

    public async Task<bool> SetWebhookStatusAsync(string endpointId, string status, CancellationToken cancellationToken = default) =>
        await ExecuteWriteAsync("UPDATE webhook_endpoints SET status = @status WHERE endpoint_id = @id", cancellationToken,
            ("id", endpointId), ("status", status)) > 0;

    public Task<IReadOnlyList<WebhookEndpoint>> WebhooksForUserAsync(string userId, CancellationToken cancellationToken = default) =>
        ReadEndpointsAsync($"""
            SELECT {EndpointColumns} FROM webhook_endpoints
            WHERE (user_filter = @user OR user_filter = '*') AND status <> 'disabled' ORDER BY endpoint_id
            """, cancellationToken, ("user", userId));

    public async Task<int> EnqueueDeliveriesAsync(IReadOnlyList<WebhookDelivery> deliveries, CancellationToken cancellationToken = default)
    {
        if (deliveries.Count == 0)
        {
            return 0;
        }
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken);
        var added = await InsertDeliveriesAsync(connection, transaction, deliveries, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return added;
    }

    public Task<IReadOnlyList<WebhookDelivery>> DueDeliveriesAsync(
        long nowMs, int limit, string? endpointId = null, CancellationToken cancellationToken = default) =>
        ReadDeliveriesAsync($"""
            SELECT {DeliveryColumns} FROM webhook_deliveries d
            WHERE d.status = 'pending' AND d.next_attempt_at_ms <= @now {(endpointId is null ? "" : "AND d.endpoint_id = @endpoint")}
              AND d.seq = (SELECT MIN(p.seq) FROM webhook_deliveries p WHERE p.endpoint_id = d.endpoint_id AND p.status = 'pending')
            ORDER BY d.next_attempt_at_ms, d.seq LIMIT @limit
            """, cancellationToken, ("now", nowMs), ("limit", limit), ("endpoint", endpointId));

    public async Task RecordAttemptAsync(WebhookAttempt attempt, CancellationToken cancellationToken = default) =>
        await ExecuteWriteAsync("""
            UPDATE webhook_deliveries SET status = @status, attempts = attempts + 1, last_attempt_at_ms = @at,
                next_attempt_at_ms = @next, last_status_code = @code, last_error = @error,
                delivered_at_ms = CASE WHEN @status = 'delivered' THEN @at ELSE delivered_at_ms END
            WHERE delivery_id = @id
            """, cancellationToken, ("id", attempt.DeliveryId), ("status", attempt.Status), ("at", attempt.AttemptAtMs),
            ("next", attempt.NextAttemptAtMs), ("code", attempt.StatusCode), ("error", attempt.Error));

    public Task<IReadOnlyList<WebhookDelivery>> ListDeliveriesAsync(string endpointId, int limit, long? beforeSeq, CancellationToken cancellationToken = default) =>
        ReadDeliveriesAsync($"""
            SELECT {DeliveryColumns} FROM webhook_deliveries d
            WHERE d.endpoint_id = @endpoint AND d.seq < @before ORDER BY d.seq DESC LIMIT @limit
            """, cancellationToken, ("endpoint", endpointId), ("before", beforeSeq ?? long.MaxValue), ("limit", limit));

    public async Task<bool> RetryDeliveryAsync(string endpointId, string deliveryId, long nowMs, long deadlineMs, CancellationToken cancellationToken = default) =>
        await ExecuteWriteAsync("""
            UPDATE webhook_deliveries SET status = 'pending', next_attempt_at_ms = @now, deadline_ms = @deadline
            WHERE endpoint_id = @endpoint AND delivery_id = @id
            """, cancellationToken, ("endpoint", endpointId), ("id", deliveryId), ("now", nowMs), ("deadline", deadlineMs)) > 0;

    private static async Task<int> InsertDeliveriesAsync(
        DbConnection connection, DbTransaction transaction, IReadOnlyList<WebhookDelivery> deliveries, CancellationToken cancellationToken)
    {
        // seq is left to the database (an identity column): it orders an endpoint's deliveries as they were enqueued.
        await using var insert = Command(connection, """
            INSERT INTO webhook_deliveries (delivery_id, endpoint_id, notification_id, type, payload, status, attempts, created_at_ms,
                next_attempt_at_ms, deadline_ms, last_error)
            VALUES (@id, @endpoint, @notification, @type, @payload, @status, 0, @created, @next, @deadline, @error)
            ON CONFLICT (delivery_id) DO NOTHING
            """);
        insert.Transaction = transaction;
        var added = 0;
        foreach (var d in deliveries)
        {
            SetParameters(insert, ("id", d.DeliveryId), ("endpoint", d.EndpointId), ("notification", d.NotificationId), ("type", d.Type),
                ("payload", d.Payload), ("status", d.Status), ("created", d.CreatedAtMs), ("next", d.NextAttemptAtMs), ("deadline", d.DeadlineMs),
                ("error", d.LastError));
            added += await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        return added;
    }

    private Task<IReadOnlyList<WebhookEndpoint>> ReadEndpointsAsync(
        string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters) =>
        ReadRowsAsync(sql, r => new WebhookEndpoint(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3),
            r.GetString(4).Split(',', StringSplitOptions.RemoveEmptyEntries), r.GetString(5), r.GetString(6), r.GetInt64(7)), cancellationToken, parameters);

    private Task<IReadOnlyList<WebhookDelivery>> ReadDeliveriesAsync(
        string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters) =>
        ReadRowsAsync(sql, r => new WebhookDelivery(r.GetString(0), r.GetString(1), r.GetInt64(2), r.GetString(3), r.GetString(4), r.GetString(5),
            r.GetString(6), r.GetInt32(7), r.GetInt64(8), r.GetInt64(9), r.GetInt64(10), r.IsDBNull(11) ? null : r.GetInt64(11),
            r.IsDBNull(12) ? null : r.GetInt32(12), r.IsDBNull(13) ? null : r.GetString(13), r.IsDBNull(14) ? null : r.GetInt64(14)),
            cancellationToken, parameters);

    /// <summary>Runs a query and maps each row (the readers of the notification and webhook tables share it).</summary>
    private async Task<IReadOnlyList<T>> ReadRowsAsync<T>(
        string sql, Func<DbDataReader, T> map, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(map(reader));
        }
        return rows;
    }
}
