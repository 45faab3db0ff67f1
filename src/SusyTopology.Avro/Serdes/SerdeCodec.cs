using SusyTopology.Avro.Generic;
using SusyTopology.Avro.IO;
using SusyTopology.Avro.Schemas;
using SusyTopology.Avro.Specific;

namespace SusyTopology.Avro.Serdes;

/// <summary>Decodes bodies written with one particular writer schema into <typeparamref name="T"/>.</summary>
internal abstract class BodyDecoder<T>
{
    public abstract T Decode(ref AvroBinaryReader reader);
}

/// <summary>How the serdes encode and decode a value type: generated classes, generic records or primitives.</summary>
internal abstract class SerdeCodec<T>
{
    public abstract AvroSchema SchemaOf(T value);

    public abstract void Write(T value, AvroBinaryWriter writer);

    public abstract BodyDecoder<T> DecoderFor(AvroSchema writerSchema);

    /// <summary>Picks the codec for <typeparamref name="T"/> once; the hot path then makes no type tests.</summary>
    public static SerdeCodec<T> Create(AvroSchema? readerSchema)
    {
        var type = typeof(T);
        if (type == typeof(GenericRecord))
            return (SerdeCodec<T>)(object)new GenericRecordCodec(readerSchema);
        if (type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(ISpecificRecord<>) && i.GenericTypeArguments[0] == type))
            return (SerdeCodec<T>)Activator.CreateInstance(typeof(SpecificCodec<>).MakeGenericType(type))!;
        var primitive = type switch
        {
            _ when type == typeof(string) => PrimitiveSchema.String,
            _ when type == typeof(int) => PrimitiveSchema.Int,
            _ when type == typeof(long) => PrimitiveSchema.Long,
            _ when type == typeof(float) => PrimitiveSchema.Float,
            _ when type == typeof(double) => PrimitiveSchema.Double,
            _ when type == typeof(bool) => PrimitiveSchema.Boolean,
            _ when type == typeof(byte[]) => PrimitiveSchema.Bytes,
            _ => null,
        };
        if (primitive is not null)
            return new PrimitiveCodec<T>(primitive);
        throw new NotSupportedException(
            $"{type.FullName} is not an Avro type: use GenericRecord, a class generated from an .avsc file, or string/int/long/float/double/bool/byte[]");
    }
}

internal sealed class SpecificCodec<T> : SerdeCodec<T> where T : ISpecificRecord<T>
{
    public override AvroSchema SchemaOf(T value) => T.AvroRecordSchema;

    public override void Write(T value, AvroBinaryWriter writer) => value.Encode(writer);

    public override BodyDecoder<T> DecoderFor(AvroSchema writerSchema) => new Decoder(new SpecificDatumReader<T>(writerSchema));

    private sealed class Decoder(SpecificDatumReader<T> reader) : BodyDecoder<T>
    {
        public override T Decode(ref AvroBinaryReader r) => reader.Read(ref r);
    }
}

internal sealed class GenericRecordCodec(AvroSchema? readerSchema) : SerdeCodec<GenericRecord>
{
    public override AvroSchema SchemaOf(GenericRecord value) => value.Schema;

    public override void Write(GenericRecord value, AvroBinaryWriter writer) => GenericDatumWriter.Write(value.Schema, value, writer);

    public override BodyDecoder<GenericRecord> DecoderFor(AvroSchema writerSchema)
    {
        var reader = new GenericDatumReader(writerSchema, readerSchema);
        if (reader.ReaderSchema is not RecordSchema)
            throw new AvroResolutionException($"a GenericRecord cannot hold a value of schema {reader.ReaderSchema.CanonicalForm}");
        return new Decoder(reader);
    }

    private sealed class Decoder(GenericDatumReader reader) : BodyDecoder<GenericRecord>
    {
        public override GenericRecord Decode(ref AvroBinaryReader r) => (GenericRecord)reader.Read(ref r)!;
    }
}

internal sealed class PrimitiveCodec<T>(PrimitiveSchema schema) : SerdeCodec<T>
{
    public override AvroSchema SchemaOf(T value) => schema;

    public override void Write(T value, AvroBinaryWriter writer) => GenericDatumWriter.Write(schema, value, writer);

    public override BodyDecoder<T> DecoderFor(AvroSchema writerSchema) => new Decoder(new GenericDatumReader(writerSchema, schema));

    private sealed class Decoder(GenericDatumReader reader) : BodyDecoder<T>
    {
        public override T Decode(ref AvroBinaryReader r) => (T)reader.Read(ref r)!;
    }
}
