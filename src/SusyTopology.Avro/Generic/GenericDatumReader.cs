using SusyTopology.Avro.IO;
using SusyTopology.Avro.Resolution;
using SusyTopology.Avro.Schemas;

namespace SusyTopology.Avro.Generic;

/// <summary>
/// Decodes data written with <see cref="WriterSchema"/> into generic values shaped by <see cref="ReaderSchema"/>,
/// applying the specification's resolution rules (numeric promotion, defaults for fields the writer lacks, skipping
/// fields the reader lacks, enum defaults, union branch matching). The resolution is worked out once, at
/// construction, into a tree of read plans; incompatibilities that no data can avoid fail there with
/// <see cref="AvroResolutionException"/>, those that depend on the data (an unknown enum symbol, an unmatched
/// writer union branch) fail when met. Thread-safe once constructed.
/// </summary>
public sealed class GenericDatumReader
{
    private readonly ReadPlan _plan;

    public GenericDatumReader(AvroSchema writerSchema, AvroSchema? readerSchema = null)
    {
        WriterSchema = writerSchema;
        ReaderSchema = readerSchema ?? writerSchema;
        _plan = ReadPlanCompiler.Compile(WriterSchema, ReaderSchema);
    }

    public AvroSchema WriterSchema { get; }

    public AvroSchema ReaderSchema { get; }

    public object? Read(ref AvroBinaryReader reader)
    {
        try
        {
            return _plan.Read(ref reader);
        }
        catch (AvroDecodingException e) when (ReaderSchema is RecordSchema record)
        {
            throw e.InField(record.Name);
        }
    }

    /// <summary>Decodes one value occupying <paramref name="data"/> (trailing bytes are an error: they mean the schema is wrong).</summary>
    public object? Read(ReadOnlySpan<byte> data)
    {
        var reader = new AvroBinaryReader(data);
        var value = Read(ref reader);
        if (!reader.IsAtEnd)
            throw new AvroDecodingException($"{reader.Remaining} bytes left over after the value", reader.Position);
        return value;
    }

    public static object? Decode(AvroSchema schema, ReadOnlySpan<byte> data) => new GenericDatumReader(schema).Read(data);
}
