using System.Text.Json;
using SusyTopology.App.Inspection;
using SusyTopology.Avro.Generic;
using SusyTopology.Avro.Schemas;
using SusyTopology.Events;

namespace SusyTopology.App.Tests.Inspection;

/// <summary>The Avro JSON encoding as the specification defines it, applied to values decoded from binary.</summary>
public sealed class AvroJsonEncoderTests
{
    private static string RoundTrip(AvroSchema schema, object? value, bool fullBytes = false) =>
        new AvroJsonEncoder(new AvroJsonOptions { FullBytes = fullBytes })
            .ToJson(schema, GenericDatumReader.Decode(schema, GenericDatumWriter.Encode(schema, value)));

    [Fact]
    public void Prediction_prints_like_the_avro_console_consumer()
    {
        var schema = (RecordSchema)AvroSchema.Parse(Prediction.AvroRecordSchema.ToJson());
        var record = new GenericRecord(schema)
            .Set("event_id", 42L).Set("probability", 0.75).Set("predicted_label", 1).Set("label", 0)
            .Set("model_version", 3L).Set("scored_at", DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123));

        Assert.Equal(
            """{"event_id":42,"probability":0.75,"predicted_label":1,"label":{"int":0},"model_version":3,"scored_at":1700000000123}""",
            RoundTrip(schema, record));
        record.Set("label", null);
        Assert.Contains("\"label\":null,", RoundTrip(schema, record));
    }

    [Fact]
    public void Bytes_are_abbreviated_unless_full_bytes_is_asked()
    {
        var schema = AvroSchema.Parse("""{"type":"record","name":"M","fields":[{"name":"onnx","type":"bytes"}]}""");
        var record = new GenericRecord((RecordSchema)schema).Set("onnx", new byte[263_412]);
        Assert.Equal("""{"onnx":"<263,412 bytes>"}""", RoundTrip(schema, record));

        record.Set("onnx", new byte[] { 0, 0x41, 0xff });
        var full = RoundTrip(schema, record, fullBytes: true);
        // One code point per byte: U+0000, 'A', U+00FF.
        Assert.Equal("\u0000A\u00ff", JsonDocument.Parse(full).RootElement.GetProperty("onnx").GetString());
    }

    [Fact]
    public void Union_branches_are_named_by_type_or_full_name()
    {
        var schema = AvroSchema.Parse("""
            {"type":"record","name":"U","namespace":"ns","fields":[
              {"name":"a","type":["null","string","long"]},
              {"name":"b","type":["null",{"type":"enum","name":"Color","symbols":["RED","GREEN"]}]},
              {"name":"c","type":["null",{"type":"record","name":"Inner","fields":[{"name":"x","type":"int"}]}]},
              {"name":"d","type":["null",{"type":"array","items":"double"}]},
              {"name":"e","type":["null",{"type":"map","values":"float"}]}
            ]}
            """);
        var rs = (RecordSchema)schema;
        var inner = new GenericRecord((RecordSchema)((UnionSchema)rs.GetField("c")!.Schema).Branches[1]).Set("x", 5);
        var color = new GenericEnum((EnumSchema)((UnionSchema)rs.GetField("b")!.Schema).Branches[1], "GREEN");
        var record = new GenericRecord(rs)
            .Set("a", 7L).Set("b", color).Set("c", inner)
            .Set("d", new List<object?> { 1.5, -2.0 })
            .Set("e", new Dictionary<string, object?> { ["k"] = 0.5f });

        Assert.Equal(
            """{"a":{"long":7},"b":{"ns.Color":"GREEN"},"c":{"ns.Inner":{"x":5}},"d":{"array":[1.5,-2]},"e":{"map":{"k":0.5}}}""",
            RoundTrip(schema, record));
        record.Set("a", "text");
        Assert.StartsWith("""{"a":{"string":"text"}""", RoundTrip(schema, record));
    }

    [Fact]
    public void Logical_types_print_their_underlying_value_and_non_finite_doubles_stay_valid_json()
    {
        var schema = AvroSchema.Parse("""
            {"type":"record","name":"L","fields":[
              {"name":"day","type":{"type":"int","logicalType":"date"}},
              {"name":"micros","type":{"type":"long","logicalType":"timestamp-micros"}},
              {"name":"id","type":{"type":"string","logicalType":"uuid"}},
              {"name":"nan","type":"double"},
              {"name":"inf","type":"float"},
              {"name":"f","type":{"type":"fixed","name":"F2","size":2}}
            ]}
            """);
        var rs = (RecordSchema)schema;
        var record = new GenericRecord(rs)
            .Set("day", new DateOnly(1970, 1, 11))
            .Set("micros", DateTimeOffset.FromUnixTimeMilliseconds(1_000).AddTicks(20))
            .Set("id", Guid.Parse("01234567-89ab-cdef-0123-456789abcdef"))
            .Set("nan", double.NaN)
            .Set("inf", float.NegativeInfinity)
            .Set("f", new GenericFixed((FixedSchema)rs.GetField("f")!.Schema, [0x61, 0x62]));

        Assert.Equal(
            """{"day":10,"micros":1000002,"id":"01234567-89ab-cdef-0123-456789abcdef","nan":"NaN","inf":"-Infinity","f":"ab"}""",
            RoundTrip(schema, record));
    }
}
