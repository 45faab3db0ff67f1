using SusyTopology.Avro.Schemas;

namespace SusyTopology.Avro.Serdes;

/// <summary>Settings of <see cref="AvroDeserializer{T}"/>.</summary>
public sealed class AvroDeserializerConfig
{
    /// <summary>
    /// For <c>GenericRecord</c> (and primitives): the schema to resolve the writer schema to. Null = read records as
    /// they were written. Generated classes always resolve to their own schema.
    /// </summary>
    public AvroSchema? ReaderSchema { get; set; }
}
