using Splitstream.Schemas;
using Splitstream.Schemas.V1;

namespace Splitstream.Platform.Tests;

public sealed class WireFormatTests
{
    [Fact]
    public async Task Framing_of_a_known_message_matches_the_documented_layout_byte_for_byte()
    {
        var registry = new FixedIdRegistry(7);
        var serializer = await ProtobufSerializer<HeartRateBatch>.CreateAsync(registry, Topics.HeartRate, HeartRateBatch.Parser);
        var message = new HeartRateBatch { ActivityId = "a", Samples = { new HeartRateSample { TimeMs = 1, Bpm = 60 } } };

        var bytes = serializer.Serialize(message);

        byte[] expected =
        [
            0x00,                   // magic byte
            0x00, 0x00, 0x00, 0x07, // schema id 7, big-endian
            0x00,                   // message-index path [0]: the single byte 0
            0x0A, 0x01, 0x61,       // field 1 (activity_id), length 1, "a"
            0x1A, 0x04,             // field 3 (samples), length 4
            0x08, 0x01,             //   field 1 (time_ms) = 1
            0x10, 0x3C,             //   field 2 (bpm) = 60
        ];
        Assert.Equal(expected, bytes);
        Assert.Equal("telemetry.hr.v1-value", registry.Registered.Single().Subject);
    }

    [Theory]
    [InlineData(new[] { 0 }, new byte[] { 0x00 })]
    [InlineData(new[] { 1 }, new byte[] { 0x02, 0x02 })]          // count 1 -> zigzag 2, index 1 -> zigzag 2
    [InlineData(new[] { 1, 2 }, new byte[] { 0x04, 0x02, 0x04 })] // count 2, 1, 2
    [InlineData(new[] { 70 }, new byte[] { 0x02, 0x8C, 0x01 })]   // 70 -> zigzag 140 = 0x8C 0x01
    public void Message_index_paths_are_zigzag_varints(int[] path, byte[] expectedIndexBytes)
    {
        var buffer = new byte[ConfluentWireFormat.MaxHeaderSize(path.Length)];
        var length = ConfluentWireFormat.WriteHeader(buffer, 0x01020304, path);

        Assert.Equal(new byte[] { 0, 1, 2, 3, 4 }.Concat(expectedIndexBytes).ToArray(), buffer[..length]);
        var header = ConfluentWireFormat.ReadHeader(buffer.Concat(new byte[] { 0x08 }).ToArray());
        Assert.Equal(0x01020304, header.SchemaId);
        Assert.Equal(path, header.MessageIndexes);
        Assert.Equal(length, header.PayloadOffset);
    }

    [Fact]
    public void Nested_message_types_get_their_full_path()
    {
        Assert.Equal([0], ProtoSchemaText.MessageIndexes(GpsBatch.Descriptor));
        Assert.Equal([1], ProtoSchemaText.MessageIndexes(GpsSample.Descriptor));
        Assert.Contains("message GpsBatch", ProtoSchemaText.For(GpsBatch.Descriptor));
    }

    [Theory]
    [InlineData(new byte[] { 0x01, 0, 0, 0, 7, 0, 0x0A }, "magic byte")]
    [InlineData(new byte[] { 0x00, 0, 0, 0 }, "too short")]
    [InlineData(new byte[] { 0x00, 0, 0, 0, 7, 0x02, 0x02 }, "not HeartRateBatch")]
    [InlineData(new byte[] { 0x00, 0, 0, 0, 7, 0x00, 0x0A, 0x09, 0x61 }, "invalid protobuf")]
    [InlineData(new byte[] { 0x00, 0, 0, 0, 9, 0x00, 0x0A, 0x01, 0x61 }, "not registered")]
    public void Undecodable_values_raise_a_typed_error_with_the_record_coordinates(byte[] value, string reason)
    {
        var deserializer = new ProtobufDeserializer<HeartRateBatch>(new FixedIdRegistry(7), HeartRateBatch.Parser);

        var error = Assert.Throws<RecordDecodeException>(() => deserializer.Deserialize(value, "telemetry.hr.v1", 3, 42));

        Assert.Equal(("telemetry.hr.v1", 3, 42L), (error.Topic, error.Partition, error.Offset));
        Assert.Contains(reason, error.Reason);
    }

    [Fact]
    public async Task A_framed_message_decodes_back_to_itself()
    {
        var registry = new FixedIdRegistry(7);
        var serializer = await ProtobufSerializer<GpsBatch>.CreateAsync(registry, Topics.Gps, GpsBatch.Parser);
        var message = new GpsBatch { ActivityId = "x", UserId = "u", Samples = { new GpsSample { TimeMs = 5, Lat = 45.5, Lon = -73.6, Ele = 30 } } };

        var decoded = new ProtobufDeserializer<GpsBatch>(registry, GpsBatch.Parser).Deserialize(serializer.Serialize(message), Topics.Gps, 0, 0);

        Assert.Equal(message, decoded);
    }
}
