using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Splitstream.Races.Tests;

/// <summary>Reads a Server-Sent Events stream as a browser's EventSource would: events with their name, data and arrival time.</summary>
internal sealed class SseClient : IAsyncDisposable
{
    private readonly HttpResponseMessage response;
    private readonly StreamReader reader;

    private SseClient(HttpResponseMessage response, StreamReader reader)
    {
        this.response = response;
        this.reader = reader;
    }

    public HttpResponseMessage Response => response;

    /// <summary>Comment lines seen so far (heartbeats).</summary>
    public int Comments { get; private set; }

    public static async Task<SseClient> ConnectAsync(HttpClient http, string path)
    {
        // As a browser's EventSource does: the Accept header is also what lets a token ride in ?access_token=.
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("text/event-stream");
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var stream = await response.Content.ReadAsStreamAsync();
        return new SseClient(response, new StreamReader(stream, Encoding.UTF8));
    }

    /// <summary>Reads until the server ends the stream; fails if it is still open after <paramref name="timeout"/>. Returns the events read meanwhile.</summary>
    public async Task<int> EndAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var events = 0;
        try
        {
            while (await reader.ReadLineAsync(cts.Token) is { } line)
            {
                events += line.StartsWith("event:", StringComparison.Ordinal) ? 1 : 0;
            }
        }
        catch (OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException($"the event stream was still open after {timeout}");
        }
        return events;
    }

    /// <summary>The next event, or fails after <paramref name="timeout"/>; <paramref name="stop"/> cancels the wait.</summary>
    public async Task<SseEvent> NextAsync(TimeSpan timeout, CancellationToken stop = default)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(stop);
        cts.CancelAfter(timeout);
        string? name = null;
        var data = new StringBuilder();
        while (true)
        {
            string? line;
            try
            {
                line = await reader.ReadLineAsync(cts.Token);
            }
            catch (OperationCanceledException) when (!stop.IsCancellationRequested)
            {
                throw new Xunit.Sdk.XunitException($"no server-sent event within {timeout}");
            }
            if (line is null)
            {
                throw new Xunit.Sdk.XunitException("the event stream ended");
            }
            if (line.Length == 0)
            {
                if (data.Length > 0)
                {
                    return new SseEvent(name ?? "message", data.ToString(), Stopwatch.GetTimestamp());
                }
                continue;
            }
            if (line.StartsWith(':'))
            {
                Comments++;
            }
            else if (line.StartsWith("event:", StringComparison.Ordinal))
            {
                name = line[6..].Trim();
            }
            else if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                data.Append(line[5..].TrimStart());
            }
        }
    }

    /// <summary>
    /// Reads a quiet stream until it has carried <paramref name="count"/> comments (heartbeats) in all; fails on an
    /// event (the caller published nothing) or after <paramref name="timeout"/>.
    /// </summary>
    public async Task WaitForCommentsAsync(int count, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (Comments < count)
        {
            string? line;
            try
            {
                line = await reader.ReadLineAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new Xunit.Sdk.XunitException($"{Comments} of {count} heartbeats within {timeout}");
            }
            if (line is null)
            {
                throw new Xunit.Sdk.XunitException("the event stream ended");
            }
            if (line.StartsWith(':'))
            {
                Comments++;
            }
            else if (line.StartsWith("data:", StringComparison.Ordinal) || line.StartsWith("event:", StringComparison.Ordinal))
            {
                // Field lines like "retry:" are stream settings, not events.
                throw new Xunit.Sdk.XunitException("an event on a quiet stream: " + line);
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        reader.Dispose();
        response.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>One server-sent event and when it arrived (<see cref="Stopwatch"/> ticks).</summary>
internal sealed record SseEvent(string Name, string Data, long ArrivedAt)
{
    public JsonElement Json => JsonDocument.Parse(Data).RootElement;
}
