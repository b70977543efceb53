using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Splitstream.ServiceDefaults;
using Splitstream.Store;

namespace Splitstream.Processors.Notifications;

/// <summary>
/// Sends one delivery as a Standard Webhooks request: POST of the JSON payload with <c>webhook-id</c>,
/// <c>webhook-timestamp</c> and <c>webhook-signature</c>. Every connection checks the addresses the host name resolves
/// to at connect time (DNS rebinding): a refused one (<see cref="WebhookTargets"/>) fails the attempt unless private
/// targets are allowed. No redirects, no proxy, no cookies; the response body is never read (a receiver answering
/// garbage costs nothing); the whole request has <see cref="NotificationOptions.RequestTimeout"/>.
/// </summary>
public sealed class WebhookSender : IDisposable
{
    private readonly HttpClient client;
    private readonly bool allowPrivate;
    private readonly TimeProvider time;

    public WebhookSender(NotificationOptions options, TimeProvider time)
    {
        allowPrivate = options.AllowPrivateTargets;
        this.time = time;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            ConnectTimeout = options.RequestTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            MaxResponseHeadersLength = 64,
            ConnectCallback = ConnectAsync,
        };
        client = new HttpClient(handler) { Timeout = options.RequestTimeout };
        client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("Splitstream-Webhooks", "1"));
    }

    public async Task<WebhookSendResult> SendAsync(WebhookEndpoint endpoint, WebhookDelivery delivery, CancellationToken cancellationToken)
    {
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Url)
        {
            Content = new StringContent(delivery.Payload, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("webhook-id", delivery.DeliveryId);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", WebhookSignature.Sign(endpoint.Secret, delivery.DeliveryId, timestamp, delivery.Payload));
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var code = (int)response.StatusCode;
            return new WebhookSendResult(code is >= 200 and < 300, code, code is >= 200 and < 300 ? null : $"HTTP {code}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new WebhookSendResult(false, null, $"timeout after {client.Timeout.TotalSeconds:0.#} s");
        }
        catch (HttpRequestException e)
        {
            return new WebhookSendResult(false, null, e.InnerException is WebhookTargetRefusedException refused ? refused.Message : e.Message);
        }
    }

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        if (!allowPrivate && addresses.Any(WebhookTargets.IsRefused))
        {
            // One refused address refuses the name: a name that mixes public and private answers is a rebinding attempt.
            throw new WebhookTargetRefusedException($"target {host} resolves to a private, loopback or link-local address");
        }
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public void Dispose() => client.Dispose();
}
