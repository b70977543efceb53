using System.Buffers;
using System.Buffers.Binary;
using System.Net.WebSockets;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Splitstream.ServiceDefaults;

namespace Splitstream.Ingest;

/// <summary>
/// GET /v1/ws/activities/{id}: a device streams sample batches over one WebSocket and gets one answer per batch, in
/// order, once Kafka acknowledged it. Frames:
/// <list type="bullet">
/// <item>text: <c>{"seq": n, "samples": [...]}</c>, the samples exactly as in the JSON body of POST .../samples;</item>
/// <item>binary: an 8-byte big-endian <c>seq</c> followed by a Protobuf <c>GpsBatch</c>.</item>
/// </list>
/// Answers are text frames: <c>{"ack": n, "accepted": k}</c> or <c>{"nack": n, "status": 400|413|503, "problem": {...}}</c>
/// (<c>nack</c> is null when the frame's seq could not be read). A nacked batch was not accepted at all; re-send it.
/// The token may be passed as <c>?access_token=</c>, since browsers cannot set headers on a WebSocket.
/// </summary>
public static class IngestWebSocket
{
    private const int SeqBytes = 8;
    private const int InitialBufferBytes = 16 * 1024;
    private static readonly TimeSpan CloseGrace = TimeSpan.FromSeconds(5);

    public static async Task<Results<EmptyHttpResult, ProblemHttpResult>> StreamAsync(
        string id, HttpContext context, ClaimsPrincipal user, IngestServices services, WebSocketBudget budget)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            return Problems.Validation("Upgrade", "this route needs a WebSocket upgrade request");
        }
        var (denied, activity) = await IngestApi.CheckAccessAsync(id, user, services, context, context.RequestAborted);
        if (denied is not null)
        {
            return denied;
        }
        using var lease = budget.TryAcquire(user.UserId());
        if (lease is null)
        {
            return TypedResults.Problem(Problems.Details(StatusCodes.Status429TooManyRequests, "too-many-websockets", "Too many WebSockets",
                $"at most {services.Options.MaxWebSocketsPerUser} open WebSockets per user and {services.Options.MaxWebSockets} per gateway; close one first"));
        }
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        await RunAsync(socket, activity, services, context.RequestAborted);
        return TypedResults.Empty;
    }

    /// <summary>
    /// Receives batches until the client closes or stays silent for the idle timeout; each is answered before the next
    /// is read, so acks stay in order. The frame buffer starts small and grows (pooled) only as far as a frame needs:
    /// an idle socket holds a few KiB, not a whole batch's worth.
    /// </summary>
    public static async Task RunAsync(WebSocket socket, RegisteredActivity activity, IngestServices services, CancellationToken cancellationToken)
    {
        var maxFrame = services.Options.MaxBatchBytes + SeqBytes;
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(InitialBufferBytes, maxFrame + 1));
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var used = 0;
                ValueWebSocketReceiveResult received;
                do
                {
                    // The pool may hand out more than asked: never read past maxFrame + 1, the byte that proves a frame too large.
                    if (used == Math.Min(buffer.Length, maxFrame + 1) && used <= maxFrame)
                    {
                        var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, maxFrame + 1));
                        buffer.AsSpan(0, used).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }
                    if (used > maxFrame)
                    {
                        await SendAsync(socket, Nack(null, Problems.Details(StatusCodes.Status413PayloadTooLarge, "too-large", "Payload too large",
                            $"a frame is at most {maxFrame} bytes")), cancellationToken);
                        await socket.CloseAsync(WebSocketCloseStatus.MessageTooBig, "frame too large", cancellationToken);
                        return;
                    }
                    var next = await ReceiveOrIdleAsync(socket, buffer.AsMemory(used, Math.Min(buffer.Length, maxFrame + 1) - used), services.Options.WebSocketIdleTimeout, cancellationToken);
                    if (next is null)
                    {
                        services.Log.LogDebug("WebSocket of activity {ActivityId} closed after {Idle} idle", activity.ActivityId, services.Options.WebSocketIdleTimeout);
                        return;
                    }
                    received = next.Value;
                    used += received.Count;
                }
                while (!received.EndOfMessage && received.MessageType != WebSocketMessageType.Close);

                // Reads stop at maxFrame + 1 bytes, the byte that proves a frame too large: a frame of exactly that size ends
                // with the read that reaches it, so the check above the read never sees it.
                if (used > maxFrame)
                {
                    await SendAsync(socket, Nack(null, Problems.Details(StatusCodes.Status413PayloadTooLarge, "too-large", "Payload too large",
                        $"a frame is at most {maxFrame} bytes")), cancellationToken);
                    await socket.CloseAsync(WebSocketCloseStatus.MessageTooBig, "frame too large", cancellationToken);
                    return;
                }

                if (received.MessageType == WebSocketMessageType.Close)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cancellationToken);
                    return;
                }
                var answer = await HandleFrameAsync(buffer.AsMemory(0, used), received.MessageType, activity, services, cancellationToken);
                await SendAsync(socket, answer, cancellationToken);
            }
        }
        catch (WebSocketException e) when (e.WebSocketErrorCode == WebSocketError.ConnectionClosedPrematurely)
        {
            // The device went away mid-stream: every batch it saw acked is in Kafka, the rest it will re-send.
            services.Log.LogDebug("WebSocket of activity {ActivityId} closed without a handshake", activity.ActivityId);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// The next fragment, or null after the socket stayed silent for <paramref name="idle"/>: then a close frame (1008
    /// "idle timeout") is sent and the client's answer awaited briefly before the socket is aborted.
    /// </summary>
    private static async Task<ValueWebSocketReceiveResult?> ReceiveOrIdleAsync(
        WebSocket socket, Memory<byte> into, TimeSpan idle, CancellationToken cancellationToken)
    {
        var receive = socket.ReceiveAsync(into, cancellationToken).AsTask();
        using var silence = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (await Task.WhenAny(receive, Task.Delay(idle, silence.Token)) == receive)
        {
            await silence.CancelAsync();
            return await receive;
        }
        await socket.CloseOutputAsync(WebSocketCloseStatus.PolicyViolation, "idle timeout", cancellationToken);
        if (await Task.WhenAny(receive, Task.Delay(CloseGrace, cancellationToken)) != receive)
        {
            socket.Abort();
        }
        try
        {
            await receive;
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // Aborted or gone: either way this socket is finished.
        }
        return null;
    }

    /// <summary>One frame to its answer: parse, validate and publish as the HTTP route does.</summary>
    public static async Task<object> HandleFrameAsync(
        ReadOnlyMemory<byte> frame, WebSocketMessageType type, RegisteredActivity activity, IngestServices services, CancellationToken cancellationToken)
    {
        ParseOutcome parsed;
        if (type == WebSocketMessageType.Text)
        {
            parsed = JsonSampleParser.Parse(frame.Span, services.Options.MaxSamplesPerBatch);
            if (parsed.Seq is null && !parsed.Errors.Any(e => e.Field == "seq"))
            {
                return Nack(null, Problems.Details(StatusCodes.Status400BadRequest, "validation", "Invalid sample batch",
                    "seq is required in a WebSocket frame", [new FieldError("seq", "is required")]));
            }
        }
        else
        {
            if (frame.Length < SeqBytes)
            {
                return Nack(null, Problems.Details(StatusCodes.Status400BadRequest, "validation", "Invalid sample batch",
                    "a binary frame is an 8-byte big-endian seq followed by a Protobuf GpsBatch", [new FieldError("seq", "is required")]));
            }
            var seq = BinaryPrimitives.ReadInt64BigEndian(frame.Span);
            parsed = ProtobufSampleParser.Parse(frame.Span[SeqBytes..], heartRate: false, services.Options.MaxSamplesPerBatch, seq);
        }
        var result = await IngestApi.AcceptBatchAsync(parsed, activity, services, cancellationToken);
        return result.Status == StatusCodes.Status202Accepted
            ? new Dictionary<string, object?> { ["ack"] = parsed.Seq, ["accepted"] = result.Accepted }
            : Nack(parsed.Seq, result.Problem!);
    }

    private static Dictionary<string, object?> Nack(long? seq, ProblemDetails problem) =>
        new() { ["nack"] = seq, ["status"] = problem.Status, ["problem"] = problem };

    private static Task SendAsync(WebSocket socket, object answer, CancellationToken cancellationToken) =>
        socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(answer, JsonSerializerOptions.Web), WebSocketMessageType.Text, true, cancellationToken);
}
