using System.Net;
using System.Text;
using Splitstream.Schemas;

namespace Splitstream.Ingest.Tests;

/// <summary>W3C trace context from the HTTP request into the Kafka records the gateway produces (README "Traces").</summary>
[Collection(IngestCollection.Name)]
public sealed class TraceContextTests(IngestFixture fixture)
{
    [Fact]
    public async Task A_batch_s_records_carry_the_caller_s_trace_in_a_traceparent_header_with_the_gateway_s_span()
    {
        const string traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        const string callerSpan = "00f067aa0ba902b7";
        using var http = fixture.Gateway.Client("u-trace");
        var id = await Requests.StartActivityAsync(http);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/activities/{id}/samples") { Content = Requests.Json(Requests.Samples(10, hrEvery: 2)) };
        request.Headers.Add("traceparent", $"00-{traceId}-{callerSpan}-01");

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        foreach (var topic in new[] { Topics.Gps, Topics.HeartRate })
        {
            var record = Assert.Single(fixture.Topics.ReadRaw(topic), r => Encoding.UTF8.GetString(r.Message.Key) == id);
            var context = KafkaTraceContext.Extract(record.Message.Headers);
            Assert.Equal(traceId, context.TraceId.ToHexString());
            // The gateway's request span, a child of the caller's: the trace goes on from the gateway.
            Assert.NotEqual(callerSpan, context.SpanId.ToHexString());
            Assert.True(context.TraceFlags.HasFlag(System.Diagnostics.ActivityTraceFlags.Recorded));
        }
    }
}
