using System.Net;
using System.Net.WebSockets;
using System.Text;
using Splitstream.Schemas;
using Splitstream.Schemas.V1;

namespace Splitstream.Ingest.Tests;

/// <summary>The limits the ingest README promises, each at its boundary: what is just inside passes, what is just over is refused and publishes nothing.</summary>
[Collection(IngestCollection.Name)]
public sealed class IngestLimitTests(IngestFixture fixture)
{
    private const int MaxBatchBytes = 1 << 20;

    [Fact]
    public async Task A_WebSocket_frame_over_one_MiB_gets_a_413_nack_and_then_close_1009_and_publishes_nothing()
    {
        using var http = fixture.Gateway.Client("u-ws-big");
        var id = await Requests.StartActivityAsync(http);
        using var socket = new ClientWebSocket();
        var uri = new UriBuilder(fixture.Gateway.BaseUrl) { Scheme = "ws", Path = $"/v1/ws/activities/{id}", Query = "access_token=" + IngestGateway.Token("u-ws-big") };
        await socket.ConnectAsync(uri.Uri, CancellationToken.None);

        // A frame just inside the limit (1 MiB of JSON, padded with whitespace) is an ordinary batch.
        var inside = Pad("{\"seq\":1," + Requests.Samples(3).ToJsonString()[1..], MaxBatchBytes);
        await socket.SendAsync(inside, WebSocketMessageType.Text, true, CancellationToken.None);
        var ack = await WebSocketTests.ReceiveAsync(socket);
        Assert.Equal((1, 3), (ack.GetProperty("ack").GetInt64(), ack.GetProperty("accepted").GetInt32()));

        // One frame over it (limit + 8 bytes of seq + 1), sent in pieces so no client-side limit interferes.
        var over = Pad("{\"seq\":2," + Requests.Samples(3, offsetSeconds: 100).ToJsonString()[1..], MaxBatchBytes + 8 + 1);
        for (var offset = 0; offset < over.Length; offset += 64 * 1024)
        {
            var length = Math.Min(64 * 1024, over.Length - offset);
            await socket.SendAsync(over.AsMemory(offset, length), WebSocketMessageType.Text, offset + length == over.Length, CancellationToken.None);
        }
        var nack = await WebSocketTests.ReceiveAsync(socket);
        Assert.Equal(413, nack.GetProperty("status").GetInt32());
        Assert.Equal(413, nack.GetProperty("problem").GetProperty("status").GetInt32());

        var buffer = new byte[1024];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var close = await socket.ReceiveAsync(buffer, timeout.Token);
        Assert.Equal(WebSocketMessageType.Close, close.MessageType);
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, socket.CloseStatus);
        Assert.Equal(1009, (int)socket.CloseStatus!.Value);

        Assert.Equal([3], fixture.Topics.Read(Topics.Gps, id, GpsBatch.Parser).Select(b => b.Value.Samples.Count));
    }

    [Fact]
    public async Task An_upload_of_more_than_200000_points_is_413_and_creates_nothing()
    {
        using var http = fixture.Gateway.Client("u-upload-cap");
        var id = Guid.NewGuid().ToString();

        var response = await http.PostAsync($"/v1/uploads?sport=run&activity_id={id}", new StringContent(Gpx(200_001)));

        var problem = await Requests.ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("200000", problem.GetProperty("detail").GetString());
        Assert.Empty(fixture.Topics.Read(Topics.ActivityEvents, id, ActivityEvent.Parser));
        Assert.Empty(fixture.Topics.Read(Topics.Gps, id, GpsBatch.Parser));
    }

    [Theory]
    [InlineData(10, HttpStatusCode.Accepted)]
    [InlineData(11, HttpStatusCode.RequestEntityTooLarge)]
    public async Task The_upload_point_cap_is_exact_at_its_configured_value(int points, HttpStatusCode expected)
    {
        await using var gateway = await IngestGateway.StartAsync(fixture.Platform, new Dictionary<string, string?> { ["Ingest:MaxUploadPoints"] = "10" });
        using var http = gateway.Client("u-upload-cap-" + points);
        var id = Guid.NewGuid().ToString();

        var response = await http.PostAsync($"/v1/uploads?sport=run&activity_id={id}", new StringContent(Gpx(points)));

        Assert.Equal(expected, response.StatusCode);
        var published = fixture.Topics.Read(Topics.Gps, id, GpsBatch.Parser).Sum(b => b.Value.Samples.Count);
        Assert.Equal(expected == HttpStatusCode.Accepted ? points : 0, published);
    }

    /// <summary>A compact GPX 1.1 track, one point a second, about 60 bytes a point (200,001 points stay under the 16 MiB body cap).</summary>
    private static string Gpx(int points)
    {
        var start = Requests.Start;
        var builder = new StringBuilder(points * 64 + 256);
        builder.Append("""<?xml version="1.0"?><gpx version="1.1" creator="t" xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>""");
        for (var i = 0; i < points; i++)
        {
            builder.Append("<trkpt lat=\"45.").Append((i % 100_000).ToString("00000")).Append("\" lon=\"7\"><time>")
                .Append(start.AddSeconds(i).ToString("yyyy-MM-ddTHH:mm:ssZ")).Append("</time></trkpt>");
        }
        return builder.Append("</trkseg></trk></gpx>").ToString();
    }

    private static byte[] Pad(string json, int totalBytes)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var padded = new byte[totalBytes];
        Array.Fill(padded, (byte)' ');
        // JSON allows trailing white space: the document ends at its closing brace, the rest is padding.
        bytes.CopyTo(padded, 0);
        return padded;
    }
}
