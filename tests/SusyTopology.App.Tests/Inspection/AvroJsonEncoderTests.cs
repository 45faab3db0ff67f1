using System.Text.Json;
using Avro;
using Avro.Generic;
using Avro.IO;
using SusyTopology.App.Inspection;
using SusyTopology.Events;

namespace SusyTopology.App.Tests.Inspection;

/// <summary>The Avro JSON encoding as the specification defines it, applied to values Apache.Avro decoded from binary.</summary>
public sealed class AvroJsonEncoderTests
{
    private static string RoundTrip(Schema schema, object? value, bool fullBytes = false)
    {
        using var stream = new MemoryStream();
        new GenericDatumWriter<object?>(schema).Write(value, new BinaryEncoder(stream));
        stream.Position = 0;
        var decoded = new GenericDatumReader<object>(schema, schema).Read(null!, new BinaryDecoder(stream));
        return new AvroJsonEncoder(new AvroJsonOptions { FullBytes = fullBytes }).ToJson(schema, decoded);
    }

    private static GenericRecord Record(RecordSchema schema, params (string Name, object? Value)[] fields)
    {
        var record = new GenericRecord(schema);
        foreach (var (name, value) in fields)
            record.Add(name, value);
        return record;
    }

    [Fact]
    public void Prediction_prints_like_the_avro_console_consumer()
    {
        var schema = Prediction.ApacheAvroSchema;
        var record = Record(schema, ("event_id", 42L), ("probability", 0.75), ("predicted_label", 1), ("label", 0),
            ("model_version", 3L), ("scored_at", DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123).UtcDateTime));

        Assert.Equal(
            """{"event_id":42,"probability":0.75,"predicted_label":1,"label":{"int":0},"model_version":3,"scored_at":1700000000123}""",
            RoundTrip(schema, record));
        record.Add("label", null);
        Assert.Contains("\"label\":null,", RoundTrip(schema, record));
    }

    [Fact]
    public void Bytes_are_abbreviated_unless_full_bytes_is_asked()
    {
        var schema = (RecordSchema)Schema.Parse("""{"type":"record","name":"M","fields":[{"name":"onnx","type":"bytes"}]}""");
        Assert.Equal("""{"onnx":"<263,412 bytes>"}""", RoundTrip(schema, Record(schema, ("onnx", new byte[263_412]))));

        var full = RoundTrip(schema, Record(schema, ("onnx", new byte[] { 0, 0x41, 0xff })), fullBytes: true);
        // One code point per byte: U+0000, 'A', U+00FF.
        Assert.Equal("\u0000A\u00ff", JsonDocument.Parse(full).RootElement.GetProperty("onnx").GetString());
    }

    [Fact]
    public void Union_branches_are_named_by_type_or_full_name()
    {
        var schema = (RecordSchema)Schema.Parse("""
            {"type":"record","name":"U","namespace":"ns","fields":[
              {"name":"a","type":["null","string","long"]},
              {"name":"b","type":["null",{"type":"enum","name":"Color","symbols":["RED","GREEN"]}]},
              {"name":"c","type":["null",{"type":"record","name":"Inner","fields":[{"name":"x","type":"int"}]}]},
              {"name":"d","type":["null",{"type":"array","items":"double"}]},
              {"name":"e","type":["null",{"type":"map","values":"float"}]}
            ]}
            """);
        var inner = Record((RecordSchema)((UnionSchema)schema["c"].Schema).Schemas[1], ("x", 5));
        var color = new GenericEnum((EnumSchema)((UnionSchema)schema["b"].Schema).Schemas[1], "GREEN");
        var record = Record(schema, ("a", 7L), ("b", color), ("c", inner), ("d", new object[] { 1.5, -2.0 }),
            ("e", new Dictionary<string, object> { ["k"] = 0.5f }));

        Assert.Equal(
            """{"a":{"long":7},"b":{"ns.Color":"GREEN"},"c":{"ns.Inner":{"x":5}},"d":{"array":[1.5,-2]},"e":{"map":{"k":0.5}}}""",
            RoundTrip(schema, record));
        record.Add("a", "text");
        Assert.StartsWith("""{"a":{"string":"text"}""", RoundTrip(schema, record));
    }

    [Fact]
    public void Logical_types_print_their_underlying_value_and_non_finite_doubles_stay_valid_json()
    {
        var schema = (RecordSchema)Schema.Parse("""
            {"type":"record","name":"L","fields":[
              {"name":"day","type":{"type":"int","logicalType":"date"}},
              {"name":"micros","type":{"type":"long","logicalType":"timestamp-micros"}},
              {"name":"id","type":{"type":"string","logicalType":"uuid"}},
              {"name":"maybe_at","type":["null",{"type":"long","logicalType":"timestamp-millis"}]},
              {"name":"nan","type":"double"},
              {"name":"inf","type":"float"},
              {"name":"f","type":{"type":"fixed","name":"F2","size":2}}
            ]}
            """);
        var record = Record(schema,
            ("day", new DateTime(1970, 1, 11, 0, 0, 0, DateTimeKind.Utc)),
            ("micros", DateTimeOffset.FromUnixTimeMilliseconds(1_000).AddTicks(20).UtcDateTime),
            ("id", Guid.Parse("01234567-89ab-cdef-0123-456789abcdef")),
            ("maybe_at", DateTimeOffset.FromUnixTimeMilliseconds(5).UtcDateTime),
            ("nan", double.NaN),
            ("inf", float.NegativeInfinity),
            ("f", new GenericFixed((FixedSchema)schema["f"].Schema, [0x61, 0x62])));

        Assert.Equal(
            """{"day":10,"micros":1000002,"id":"01234567-89ab-cdef-0123-456789abcdef","maybe_at":{"long":5},"nan":"NaN","inf":"-Infinity","f":"ab"}""",
            RoundTrip(schema, record));
    }
}
