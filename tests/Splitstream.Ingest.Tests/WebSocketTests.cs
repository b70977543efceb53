using System.Buffers.Binary;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Splitstream.Schemas;
using Splitstream.Schemas.V1;

namespace Splitstream.Ingest.Tests;

[Collection(IngestCollection.Name)]
public sealed class WebSocketTests(IngestFixture fixture)
{
    [Fact]
    public async Task Text_and_binary_frames_are_acked_in_order_after_Kafka_and_bad_ones_nacked()
    {
        using var http = fixture.Gateway.Client("u-ws");
        var id = await Requests.StartActivityAsync(http);
        using var socket = await ConnectAsync(id, IngestGateway.Token("u-ws"));

        var first = Requests.Samples(50, hrEvery: 5);
        first["seq"] = 1;
        await SendTextAsync(socket, first.ToJsonString());
        var second = Requests.Samples(3, offsetSeconds: 100);
        second["seq"] = 2;
        second["samples"]![1]!["lat"] = 123;
        await SendTextAsync(socket, second.ToJsonString());
        var t0 = Requests.Start.AddSeconds(500).ToUnixTimeMilliseconds();
        var proto = new GpsBatch { Samples = { Enumerable.Range(0, 20).Select(i => new GpsSample { TimeMs = t0 + i * 1000, Lat = 1, Lon = 2 }) } }.ToByteArray();
        var frame = new byte[8 + proto.Length];
        BinaryPrimitives.WriteInt64BigEndian(frame, 3);
        proto.CopyTo(frame, 8);
        await socket.SendAsync(frame, WebSocketMessageType.Binary, true, CancellationToken.None);
        await SendTextAsync(socket, Requests.Samples(1).ToJsonString());

        var ack1 = await ReceiveAsync(socket);
        Assert.Equal((1, 50), (ack1.GetProperty("ack").GetInt64(), ack1.GetProperty("accepted").GetInt32()));
        var nack2 = await ReceiveAsync(socket);
        Assert.Equal((2, 400), (nack2.GetProperty("nack").GetInt64(), nack2.GetProperty("status").GetInt32()));
        Assert.Equal("samples[1].lat", nack2.GetProperty("problem").GetProperty("errors")[0].GetProperty("field").GetString());
        var ack3 = await ReceiveAsync(socket);
        Assert.Equal((3, 20), (ack3.GetProperty("ack").GetInt64(), ack3.GetProperty("accepted").GetInt32()));
        var noSeq = await ReceiveAsync(socket);
        Assert.Equal(JsonValueKind.Null, noSeq.GetProperty("nack").ValueKind);

        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
        var gps = fixture.Topics.Read(Topics.Gps, id, GpsBatch.Parser).Select(r => r.Value.Samples.Count).ToList();
        Assert.Equal([50, 20], gps);
        Assert.Equal(10, Assert.Single(fixture.Topics.Read(Topics.HeartRate, id, HeartRateBatch.Parser)).Value.Samples.Count);
    }

    [Fact]
    public async Task The_upgrade_is_refused_with_404_for_an_unknown_activity_and_403_for_another_users()
    {
        using var http = fixture.Gateway.Client("u-ws-owner");
        var id = await Requests.StartActivityAsync(http);

        var unknown = await Assert.ThrowsAsync<WebSocketException>(() => ConnectAsync(Guid.NewGuid().ToString(), IngestGateway.Token("u-ws-owner")));
        var stranger = await Assert.ThrowsAsync<WebSocketException>(() => ConnectAsync(id, IngestGateway.Token("u-ws-stranger")));
        var anonymous = await Assert.ThrowsAsync<WebSocketException>(() => ConnectAsync(id, token: null));

        Assert.Contains("404", unknown.Message);
        Assert.Contains("403", stranger.Message);
        Assert.Contains("401", anonymous.Message);
        // Without the upgrade, the route explains itself.
        await Requests.ProblemAsync(await http.GetAsync($"/v1/ws/activities/{id}"), HttpStatusCode.BadRequest);
    }

    private async Task<ClientWebSocket> ConnectAsync(string activityId, string? token)
    {
        var socket = new ClientWebSocket();
        var uri = new UriBuilder(fixture.Gateway.BaseUrl) { Scheme = "ws", Path = $"/v1/ws/activities/{activityId}" };
        if (token is not null)
        {
            uri.Query = "access_token=" + token;
        }
        try
        {
            await socket.ConnectAsync(uri.Uri, CancellationToken.None);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static Task SendTextAsync(ClientWebSocket socket, string json) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, true, CancellationToken.None);

    /// <summary>The next text frame as JSON (an ack or a nack), or fails after 30 s.</summary>
    internal static async Task<JsonElement> ReceiveAsync(ClientWebSocket socket)
    {
        var buffer = new byte[64 * 1024];
        var used = 0;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        ValueWebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer.AsMemory(used), timeout.Token);
            used += result.Count;
        }
        while (!result.EndOfMessage);
        return JsonDocument.Parse(buffer.AsMemory(0, used)).RootElement.Clone();
    }
}
