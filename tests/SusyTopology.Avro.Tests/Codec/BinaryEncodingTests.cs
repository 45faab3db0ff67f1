using SusyTopology.Avro.Generic;
using SusyTopology.Avro.IO;
using SusyTopology.Avro.Schemas;

namespace SusyTopology.Avro.Tests.Codec;

public class BinaryEncodingTests
{
    [Theory]
    [InlineData(0L, "00")]
    [InlineData(-1L, "01")]
    [InlineData(1L, "02")]
    [InlineData(-2L, "03")]
    [InlineData(2L, "04")]
    [InlineData(-64L, "7F")]
    [InlineData(64L, "8001")]
    [InlineData(long.MaxValue, "FEFFFFFFFFFFFFFFFF01")]
    [InlineData(long.MinValue, "FFFFFFFFFFFFFFFFFF01")]
    public void Longs_are_zigzag_varints_as_in_the_specification(long value, string hex)
    {
        var writer = new AvroBinaryWriter();
        writer.WriteLong(value);
        Assert.Equal(hex, Convert.ToHexString(writer.WrittenSpan));
        var reader = new AvroBinaryReader(writer.WrittenSpan);
        Assert.Equal(value, reader.ReadLong());
        Assert.True(reader.IsAtEnd);
    }

    [Fact]
    public void Specification_examples_encode_exactly()
    {
        Assert.Equal("06666F6F", Convert.ToHexString(GenericDatumWriter.Encode(PrimitiveSchema.String, "foo")));
        // Record {"a": long 27, "b": string "foo"} → 36 06 66 6f 6f (specification, "Complex Types").
        var record = (RecordSchema)AvroSchema.Parse("{\"type\":\"record\",\"name\":\"test\",\"fields\":[{\"name\":\"a\",\"type\":\"long\"},{\"name\":\"b\",\"type\":\"string\"}]}");
        Assert.Equal("3606666F6F", Convert.ToHexString(GenericDatumWriter.Encode(record, new GenericRecord(record).Set("a", 27L).Set("b", "foo"))));
        // Array of longs [3, 27] → 04 06 36 00.
        Assert.Equal("04063600", Convert.ToHexString(GenericDatumWriter.Encode(AvroSchema.Parse("{\"type\":\"array\",\"items\":\"long\"}"), new List<object?> { 3L, 27L })));
        // Union ["null","string"]: null → 00, "a" → 02 02 61.
        var union = AvroSchema.Parse("[\"null\",\"string\"]");
        Assert.Equal("00", Convert.ToHexString(GenericDatumWriter.Encode(union, null)));
        Assert.Equal("020261", Convert.ToHexString(GenericDatumWriter.Encode(union, "a")));
    }

    [Fact]
    public void Every_type_round_trips_through_the_generic_path()
    {
        var values = new RandomValues(seed: 42);
        for (var i = 0; i < 300; i++)
        {
            var record = (GenericRecord)values.For(TestSchemas.KitchenSink)!;
            var bytes = GenericDatumWriter.Encode(TestSchemas.KitchenSink, record);
            var decoded = GenericDatumReader.Decode(TestSchemas.KitchenSink, bytes);
            Assert.Equal(record, decoded);
        }
    }

    [Fact]
    public void Logical_types_decode_to_dotnet_values()
    {
        var schema = TestSchemas.KitchenSink;
        var record = (GenericRecord)new RandomValues(7).For(schema)!;
        var ts = new DateTimeOffset(2026, 11, 22, 3, 4, 5, 678, TimeSpan.Zero);
        record["ts_ms"] = ts;
        record["ts_us"] = ts.AddTicks(1230);
        record["date"] = new DateOnly(2024, 2, 29);
        var guid = Guid.Parse("6f1a2b3c-4d5e-4f60-8172-8394a5b6c7d8");
        record["uuid"] = guid;
        record["dec"] = 12345.6789m;
        record["dec_fixed"] = -0.05m;
        var decoded = (GenericRecord)GenericDatumReader.Decode(schema, GenericDatumWriter.Encode(schema, record))!;
        Assert.Equal(ts, decoded["ts_ms"]);
        Assert.Equal(ts.AddTicks(1230), decoded["ts_us"]);
        Assert.Equal(new DateOnly(2024, 2, 29), decoded["date"]);
        Assert.Equal(guid, decoded["uuid"]);
        Assert.Equal(12345.6789m, ((AvroDecimal)decoded["dec"]!).ToDecimal());
        Assert.Equal(-0.05m, ((AvroDecimal)decoded["dec_fixed"]!).ToDecimal());
        Assert.Equal("-0.05", decoded["dec_fixed"]!.ToString());
    }

    [Fact]
    public void Blocks_with_negative_counts_and_byte_sizes_are_read()
    {
        // [1, 2] written as one block with count -2 and byte size 2, then the terminator.
        var bytes = Convert.FromHexString("03040204" + "00");
        var decoded = GenericDatumReader.Decode(AvroSchema.Parse("{\"type\":\"array\",\"items\":\"long\"}"), bytes);
        Assert.Equal(new List<object?> { 1L, 2L }, (List<object?>)decoded!);
    }

    [Fact]
    public void Encoding_a_value_of_the_wrong_type_names_the_field()
    {
        var schema = TestSchemas.KitchenSink;
        var record = (GenericRecord)new RandomValues(1).For(schema)!;
        record["i"] = "not an int";
        var e = Assert.Throws<AvroEncodingException>(() => GenericDatumWriter.Encode(schema, record));
        Assert.Equal("KitchenSink.i", e.FieldPath);
        record["i"] = 1;
        record["e"] = "PURPLE";
        Assert.Throws<AvroEncodingException>(() => GenericDatumWriter.Encode(schema, record));
    }

    [Fact]
    public void Recursive_schemas_round_trip()
    {
        var schema = (RecordSchema)AvroSchema.Parse("{\"type\":\"record\",\"name\":\"Node\",\"fields\":[{\"name\":\"value\",\"type\":\"int\"},{\"name\":\"next\",\"type\":[\"null\",\"Node\"]}]}");
        var tail = new GenericRecord(schema).Set("value", 2).Set("next", null);
        var head = new GenericRecord(schema).Set("value", 1).Set("next", tail);
        Assert.Equal(head, GenericDatumReader.Decode(schema, GenericDatumWriter.Encode(schema, head)));
    }
}
