using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Splitstream.Notifications.Tests;

/// <summary>
/// A real webhook receiver on Kestrel (127.0.0.1, a port of its own kept across restarts) that behaves as a test tells
/// it: fail the next N requests, answer slowly, answer 2xx with garbage, or be down (stopped). Like a careful receiver
/// it verifies every signature (with <see cref="StandardWebhookVerifier"/>) and accepts each <c>webhook-id</c> once,
/// answering a repeated one 200 without counting it again.
/// </summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly string secret;
    private readonly ConcurrentDictionary<string, int> acceptedIds = new();
    private readonly ConcurrentQueue<string> acceptedOrder = new();
    private WebApplication? app;
    private int failNext;
    private int port;

    public WebhookReceiver(string secret) => this.secret = secret;

    public Uri Url => new($"http://127.0.0.1:{port}/hook");

    /// <summary>Requests that fail with 500 before the receiver accepts again.</summary>
    public int FailNext { get => Volatile.Read(ref failNext); set => Volatile.Write(ref failNext, value); }

    /// <summary>Fail every request (500) while true.</summary>
    public bool Broken { get; set; }

    public TimeSpan Delay { get; set; }

    public int Requests;
    public int BadSignatures;
    public int Duplicates;

    public IReadOnlyCollection<string> Accepted => [.. acceptedOrder];

    public bool HasAccepted(string id) => acceptedIds.ContainsKey(id);

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        app = builder.Build();
        app.MapPost("/hook", HandleAsync);
        await app.StartAsync();
        port = new Uri(app.Urls.First()).Port;
    }

    /// <summary>Down: the port refuses connections until <see cref="StartAsync"/> again.</summary>
    public async Task StopAsync()
    {
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
            app = null;
        }
    }

    private async Task<IResult> HandleAsync(HttpRequest request)
    {
        Interlocked.Increment(ref Requests);
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync();
        var id = request.Headers["webhook-id"].ToString();
        if (!StandardWebhookVerifier.Verify(secret, id, request.Headers["webhook-timestamp"].ToString(), body, request.Headers["webhook-signature"].ToString()))
        {
            Interlocked.Increment(ref BadSignatures);
            return Results.StatusCode(StatusCodes.Status401Unauthorized);
        }
        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay);
        }
        if (Broken || Interlocked.Decrement(ref failNext) >= 0)
        {
            return Results.StatusCode(StatusCodes.Status500InternalServerError);
        }
        if (acceptedIds.TryAdd(id, 1))
        {
            acceptedOrder.Enqueue(id);
        }
        else
        {
            Interlocked.Increment(ref Duplicates);
        }
        // A 2xx with a body that is no JSON at all: the sender must not care.
        return Results.Text("\u0000garbage\u00ff not json", "application/json", statusCode: StatusCodes.Status202Accepted);
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}
