using SusyTopology.Avro.Generic;
using SusyTopology.Avro.IO;
using SusyTopology.Avro.Schemas;

namespace SusyTopology.Avro.Specific;

/// <summary>
/// Reads a generated class from data written with any schema resolvable to the class's: the generated decoder
/// when the writer schema is the class's own (same canonical form), otherwise generic resolution then conversion.
/// </summary>
public sealed class SpecificDatumReader<T> where T : ISpecificRecord<T>
{
    private readonly GenericDatumReader? _resolver;

    public SpecificDatumReader(AvroSchema? writerSchema = null)
    {
        WriterSchema = writerSchema ?? T.AvroRecordSchema;
        IsDirect = WriterSchema.Equals(T.AvroRecordSchema);
        if (!IsDirect)
            _resolver = new GenericDatumReader(WriterSchema, T.AvroRecordSchema);
    }

    public AvroSchema WriterSchema { get; }

    /// <summary>True when the generated decoder is used (no resolution needed).</summary>
    public bool IsDirect { get; }

    public T Read(ref AvroBinaryReader reader)
    {
        if (_resolver is null)
        {
            try
            {
                return T.Decode(ref reader);
            }
            catch (AvroDecodingException e)
            {
                throw e.InField(T.AvroRecordSchema.Name);
            }
        }
        return T.FromGenericRecord((GenericRecord)_resolver.Read(ref reader)!);
    }

    public T Read(ReadOnlySpan<byte> data)
    {
        var reader = new AvroBinaryReader(data);
        var value = Read(ref reader);
        if (!reader.IsAtEnd)
            throw new AvroDecodingException($"{reader.Remaining} bytes left over after the record", reader.Position);
        return value;
    }
}
