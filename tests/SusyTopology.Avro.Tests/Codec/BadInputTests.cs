using Confluent.Kafka;
using FsCheck;
using FsCheck.Fluent;
using SusyTopology.Avro.Generic;
using SusyTopology.Avro.IO;
using SusyTopology.Avro.Schemas;
using SusyTopology.Avro.Serdes;
using SusyTopology.Avro.Tests.Generated;
using SusyTopology.Events;

namespace SusyTopology.Avro.Tests.Codec;

/// <summary>Malformed input yields a typed exception naming what and where, never a BCL exception or a huge allocation.</summary>
public class BadInputTests
{
    private static readonly byte[] ValidEvent = GeneratedClassTests.SampleEvent().ToAvroBytes();
    private static readonly byte[] ValidKitchenSink = GenericDatumWriter.Encode(TestSchemas.KitchenSink, new RandomValues(9).For(TestSchemas.KitchenSink));

    private static AvroDecodingException Decode(string schema, params byte[] body) =>
        Assert.Throws<AvroDecodingException>(() => GenericDatumReader.Decode(AvroSchema.Parse(schema), body));

    [Fact]
    public void Every_truncation_of_a_body_is_a_typed_error()
    {
        var generic = new GenericDatumReader(TestSchemas.KitchenSink);
        for (var length = 0; length < ValidEvent.Length; length++)
            Assert.ThrowsAny<AvroDecodingException>(() => SusyEvent.FromAvroBytes(ValidEvent.AsSpan(0, length)));
        for (var length = 0; length < ValidKitchenSink.Length; length++)
            Assert.ThrowsAny<AvroException>(() => generic.Read(ValidKitchenSink.AsSpan(0, length)));
    }

    [Fact]
    public void Truncation_names_the_field_and_the_offset_in_the_body()
    {
        var e = Assert.Throws<AvroDecodingException>(() => SusyEvent.FromAvroBytes(ValidEvent.AsSpan(0, 15)));
        Assert.StartsWith("SusyEvent.", e.FieldPath);
        Assert.InRange(e.Offset, 0, 15);
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void Wire_format_headers_are_checked_and_trailing_bytes_rejected()
    {
        Assert.Contains("magic byte 1", Assert.Throws<InvalidWireFormatException>(() => ConfluentWireFormat.ReadSchemaId([1, 0, 0, 0, 7, 2])).Message);
        Assert.Throws<InvalidWireFormatException>(() => ConfluentWireFormat.ReadSchemaId([0, 0, 0]));
        Assert.Equal(0x7f000102, ConfluentWireFormat.ReadSchemaId([0, 0x7f, 0, 1, 2]));
        var trailing = ValidEvent.Concat(new byte[] { 0 }).ToArray();
        Assert.Contains("left over", Assert.Throws<AvroDecodingException>(() => SusyEvent.FromAvroBytes(trailing)).Message);
    }

    [Fact]
    public void Invalid_union_index_names_the_union_field()
    {
        var bytes = GeneratedClassTests.SampleEvent().ToAvroBytes();
        bytes[2] = 0x04; // label: branch 2 of a two-branch union
        var e = Assert.Throws<AvroDecodingException>(() => SusyEvent.FromAvroBytes(bytes));
        Assert.Equal("SusyEvent.label", e.FieldPath);
        Assert.Contains("union branch index 2", e.Message);
        Assert.Equal("R.u", Decode("{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"u\",\"type\":[\"null\",\"int\"]}]}", 0x01).FieldPath);
    }

    [Fact]
    public void Negative_and_huge_lengths_and_counts_are_rejected_before_allocating()
    {
        Assert.Contains("negative string length", Decode("\"string\"", 0x01).Message);
        Assert.Contains("exceeds", Decode("\"bytes\"", 0xfe, 0xff, 0xff, 0xff, 0x0f).Message);
        // An array claiming 2^62 longs in a 10-byte message.
        var before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Contains("cannot fit", Decode("{\"type\":\"array\",\"items\":\"long\"}", 0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, 0x02).Message);
        Assert.Contains("cannot fit", Decode("{\"type\":\"map\",\"values\":\"null\"}", 0xfe, 0xff, 0xff, 0xff, 0x0f).Message);
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 1_000_000);
        // Zero-byte items cost no input, so their count has a fixed ceiling instead.
        Assert.Contains("items", Decode("{\"type\":\"array\",\"items\":\"null\"}", 0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, 0x00).Message);
        Assert.Contains("block byte size", Decode("{\"type\":\"array\",\"items\":\"int\"}", 0x01, 0x7f, 0x02, 0x00).Message);
    }

    [Fact]
    public void Over_long_varints_and_bad_booleans_are_rejected()
    {
        Assert.Contains("over-long", Decode("\"long\"", 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01).Message);
        Assert.Contains("over-long", Decode("\"long\"", 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02).Message);
        Assert.Contains("does not fit an int", Decode("\"int\"", 0x80, 0x80, 0x80, 0x80, 0x20).Message);
        Assert.Contains("boolean", Decode("\"boolean\"", 0x02).Message);
        Assert.Contains("enum ordinal", Decode("{\"type\":\"enum\",\"name\":\"E\",\"symbols\":[\"A\"]}", 0x02).Message);
    }

    [Fact]
    public void Invalid_utf8_and_out_of_range_logical_values_are_decoding_errors()
    {
        Assert.Contains("UTF-8", Decode("\"string\"", 0x04, 0xc3, 0x28).Message);
        Assert.Contains("timestamp-millis", Decode("{\"type\":\"long\",\"logicalType\":\"timestamp-millis\"}", 0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01).Message);
        Assert.Contains("UUID", Decode("{\"type\":\"string\",\"logicalType\":\"uuid\"}", 0x02, 0x78).Message);
        var bytes = GeneratedClassTests.SampleEvent().ToAvroBytes();
        bytes[^1] = 0xff; // event_time, the last field: its varint now continues past the end
        Assert.Equal("SusyEvent.event_time", Assert.Throws<AvroDecodingException>(() => SusyEvent.FromAvroBytes(bytes)).FieldPath);
    }

    [Fact]
    public void Random_and_mutated_bytes_never_escape_as_anything_but_AvroException()
    {
        var bodySchema = SusyEvent.AvroRecordSchema;
        var genericBody = new GenericDatumReader(TestSchemas.KitchenSink);

        bool NeverEscapes(byte[] message)
        {
            try { SusyEvent.FromAvroBytes(message); } catch (AvroException) { }
            try { genericBody.Read(message); } catch (AvroException) { }
            try { GenericDatumReader.Decode(bodySchema, message); } catch (AvroException) { }
            return true; // any other exception propagates and fails the property with the input shown
        }

        var valid = new[] { ValidEvent, ValidKitchenSink };
        var mutated =
            from original in Gen.Elements(valid)
            from position in Gen.Choose(0, 10_000)
            from kind in Gen.Choose(0, 3)
            from value in Gen.Choose(0, 255)
            from length in Gen.Choose(1, 12)
            select Mutate(original, position % original.Length, kind, (byte)value, length);
        Check.One(FsCheck.Config.QuickThrowOnFailure.WithMaxTest(3000), Prop.ForAll(Arb.From(mutated), NeverEscapes));
        Check.One(FsCheck.Config.QuickThrowOnFailure.WithMaxTest(1000), Prop.ForAll(ArbMap.Default.ArbFor<byte[]>(), NeverEscapes));
    }

    private static byte[] Mutate(byte[] original, int position, int kind, byte value, int length)
    {
        var bytes = (byte[])original.Clone();
        switch (kind)
        {
            case 0: // overwrite one byte
                bytes[position] = value;
                return bytes;
            case 1: // truncate
                return bytes[..position];
            case 2: // overwrite a run with 0xff (long varints, huge lengths)
                for (var i = position; i < Math.Min(bytes.Length, position + length); i++)
                    bytes[i] = 0xff;
                return bytes;
            default: // insert bytes
                return bytes[..position].Concat(Enumerable.Repeat(value, length)).Concat(bytes[position..]).ToArray();
        }
    }
}
