using SusyTopology.Avro.Generic;
using SusyTopology.Avro.IO;
using SusyTopology.Avro.Schemas;

namespace SusyTopology.Avro.Specific;

/// <summary>
/// A class generated from an .avsc file by SusyTopology.Avro.Generator: its schema, a direct binary
/// encoder/decoder for data written with exactly that schema (no reflection, no boxing), and conversions to and
/// from <see cref="GenericRecord"/> used when data was written with a different (resolvable) schema.
/// </summary>
public interface ISpecificRecord<TSelf> where TSelf : ISpecificRecord<TSelf>
{
    /// <summary>The schema the class was generated from.</summary>
    static abstract RecordSchema AvroRecordSchema { get; }

    /// <summary>Decodes a record written with <see cref="AvroRecordSchema"/>.</summary>
    static abstract TSelf Decode(ref AvroBinaryReader reader);

    /// <summary>Builds the record from a generic record of <see cref="AvroRecordSchema"/> (after schema resolution).</summary>
    static abstract TSelf FromGenericRecord(GenericRecord record);

    /// <summary>Encodes the record with <see cref="AvroRecordSchema"/>.</summary>
    void Encode(AvroBinaryWriter writer);

    GenericRecord ToGenericRecord();
}
