using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Splitstream.Simulator;

/// <summary>
/// Sends one planned request the way a well-behaved device does: 503 → wait for <c>Retry-After</c> (1 s if absent)
/// and send the same bytes again; 429 → back off (<c>Retry-After</c>, else exponential from 250 ms to 8 s); other 5xx
/// and transport errors → back off and retry; other 4xx → give up on this request and report it rejected.
/// </summary>
public sealed class GatewayClient(HttpClient http, ILogger logger, int maxAttempts, TimeProvider? timeProvider = null)
{
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(30);
    private readonly TimeProvider time = timeProvider ?? TimeProvider.System;

    public async Task<SendOutcome> SendAsync(PlannedSend send, string token, CancellationToken cancellationToken)
    {
        var retries = 0;
        var backoff = TimeSpan.FromMilliseconds(250);
        for (var attempt = 1; ; attempt++)
        {
            TimeSpan wait;
            int status;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, send.Path)
                {
                    Content = new StringContent(send.Body, Encoding.UTF8, "application/json"),
                };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                using var response = await http.SendAsync(request, cancellationToken);
                status = (int)response.StatusCode;
                if (response.IsSuccessStatusCode)
                {
                    return new SendOutcome(SendResult.Accepted, status, await AcceptedAsync(response, cancellationToken), retries, null);
                }
                if (response.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    wait = RetryAfter(response) ?? backoff;
                    backoff = Min(backoff * 2, TimeSpan.FromSeconds(8));
                }
                else if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
                {
                    wait = RetryAfter(response) ?? TimeSpan.FromSeconds(1);
                }
                else if (status >= 500)
                {
                    wait = backoff;
                    backoff = Min(backoff * 2, TimeSpan.FromSeconds(8));
                }
                else
                {
                    var problem = await response.Content.ReadAsStringAsync(cancellationToken);
                    return new SendOutcome(SendResult.Rejected, status, null, retries, problem);
                }
            }
            catch (HttpRequestException e)
            {
                status = 0;
                wait = backoff;
                backoff = Min(backoff * 2, TimeSpan.FromSeconds(8));
                logger.LogDebug(e, "Transport error on {Path}", send.Path);
            }
            catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                // HttpClient's own timeout: the request may have landed; re-sending is harmless by contract.
                status = 0;
                wait = backoff;
                logger.LogDebug(e, "Timeout on {Path}", send.Path);
            }
            if (attempt >= maxAttempts)
            {
                return new SendOutcome(SendResult.Failed, status, null, retries, $"gave up after {attempt} attempts (last status {status})");
            }
            retries++;
            await Task.Delay(Min(wait, MaxWait), time, cancellationToken);
        }
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }
        if (header?.Date is { } date)
        {
            var wait = date - time.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }
        return null;
    }

    /// <summary>The <c>accepted</c> count of a 202 body, when there is one.</summary>
    private static async Task<int?> AcceptedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        if (body.Length == 0)
        {
            return null;
        }
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.ValueKind == JsonValueKind.Object
                && json.RootElement.TryGetProperty("accepted", out var accepted) && accepted.TryGetInt32(out var n)
                ? n
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
