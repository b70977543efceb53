using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Splitstream.ServiceDefaults;

namespace Splitstream.Simulator.Tests;

/// <summary>
/// The device-facing surface of DESIGN §3 on real Kestrel (127.0.0.1, a free port), minimal: it validates the bearer
/// token with the same TokenService, records every request, and answers 201/202 — or whatever a test scripts for the
/// next sample batches (503 with Retry-After, 429, 400), to exercise the simulator's retries.
/// </summary>
public sealed class FakeGateway : IAsyncDisposable
{
    public const string SigningKey = "simulator-tests-signing-key-0123456789abcdef";

    private readonly WebApplication app;
    private readonly TokenService tokens = new(System.Text.Encoding.UTF8.GetBytes(SigningKey));
    private readonly ConcurrentQueue<RecordedRequest> requests = new();
    private readonly ConcurrentQueue<(int Status, string? RetryAfter)> scriptedSampleAnswers = new();
    private long sequence;

    private FakeGateway(WebApplication app) => this.app = app;

    public string Url => app.Urls.First();

    public IReadOnlyList<RecordedRequest> Requests => [.. requests.OrderBy(r => r.Sequence)];

    /// <summary>A request whose body contains this text is refused with 400 (to test rejection handling).</summary>
    public string? RejectContaining { get; set; }

    public void ScriptSampleAnswer(int status, string? retryAfter = null) => scriptedSampleAnswers.Enqueue((status, retryAfter));

    public static async Task<FakeGateway> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var gateway = new FakeGateway(app);
        app.MapPost("/v1/activities", (HttpContext c) => gateway.HandleAsync(c, "start"));
        app.MapPost("/v1/activities/{id}/samples", (HttpContext c) => gateway.HandleAsync(c, "samples"));
        app.MapPost("/v1/activities/{id}/events", (HttpContext c) => gateway.HandleAsync(c, "events"));
        await app.StartAsync();
        return gateway;
    }

    private async Task HandleAsync(HttpContext context, string kind)
    {
        var body = await new StreamReader(context.Request.Body).ReadToEndAsync();
        var header = context.Request.Headers.Authorization.ToString();
        var validation = header.StartsWith("Bearer ", StringComparison.Ordinal) ? tokens.Validate(header["Bearer ".Length..]) : null;
        string? user = validation is { IsValid: true } ? validation.Subject : null;
        string? role = validation is { IsValid: true } ? validation.Role : null;
        int status;
        string? answer = null;
        if (user is null)
        {
            status = StatusCodes.Status401Unauthorized;
        }
        else if (kind == "samples" && scriptedSampleAnswers.TryDequeue(out var scripted))
        {
            status = scripted.Status;
            if (scripted.RetryAfter is not null)
            {
                context.Response.Headers.RetryAfter = scripted.RetryAfter;
            }
        }
        else if (RejectContaining is { } marker && body.Contains(marker, StringComparison.Ordinal))
        {
            status = StatusCodes.Status400BadRequest;
            answer = """{"title":"invalid sample","detail":"samples[0].lat out of range"}""";
        }
        else if (kind == "samples")
        {
            using var json = JsonDocument.Parse(body);
            status = StatusCodes.Status202Accepted;
            answer = $$"""{"accepted":{{json.RootElement.GetProperty("samples").GetArrayLength()}}}""";
        }
        else
        {
            status = kind == "start" ? StatusCodes.Status201Created : StatusCodes.Status202Accepted;
            answer = kind == "start" ? body : "{}";
        }
        requests.Enqueue(new RecordedRequest(Interlocked.Increment(ref sequence), context.Request.Path, body, user, role, status));
        context.Response.StatusCode = status;
        if (answer is not null)
        {
            context.Response.ContentType = status >= 400 ? "application/problem+json" : "application/json";
            await context.Response.WriteAsync(answer);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
