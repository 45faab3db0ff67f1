using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using SusyTopology.App.Inspection;

namespace SusyTopology.App.Tests.Inspection;

public sealed class RawFieldRenderingTests
{
    private static string Render(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer)) write(writer);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static byte[] BigEndian(long value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(bytes, value);
        return bytes;
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(87L)]
    [InlineData(8_998L)]
    [InlineData(-1L)]
    [InlineData(long.MaxValue)]
    public void Eight_byte_event_ids_print_as_numbers(long id) =>
        Assert.Equal(id.ToString(System.Globalization.CultureInfo.InvariantCulture), Render(w => RawFieldRendering.WriteKey(w, BigEndian(id))));

    [Theory]
    [InlineData("model-v1")] // eight printable bytes: text, not 0x6d6f64656c2d7631
    [InlineData("window")]
    [InlineData("model-12")]
    [InlineData("")]
    public void Text_keys_print_as_strings(string key) =>
        Assert.Equal(JsonSerializer.Serialize(key), Render(w => RawFieldRendering.WriteKey(w, Encoding.UTF8.GetBytes(key))));

    [Fact]
    public void Null_keys_are_null_and_binary_keys_base64()
    {
        Assert.Equal("null", Render(w => RawFieldRendering.WriteKey(w, null)));
        Assert.Equal("\"//4A\"", Render(w => RawFieldRendering.WriteKey(w, [0xff, 0xfe, 0x00])));
    }

    [Fact]
    public void Repeated_header_names_collect_their_values_in_order()
    {
        var headers = new Headers { { "a", "1"u8.ToArray() }, { "b", [0xc3] }, { "a", "2"u8.ToArray() } };
        Assert.Equal("""{"a":["1","2"],"b":"ww=="}""", Render(w => RawFieldRendering.WriteHeaders(w, headers)));
    }
}
