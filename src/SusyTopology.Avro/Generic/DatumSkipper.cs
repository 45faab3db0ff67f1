using SusyTopology.Avro.IO;
using SusyTopology.Avro.Schemas;

namespace SusyTopology.Avro.Generic;

/// <summary>Skips over an encoded value of a writer schema (fields the reader does not have), validating as it goes.</summary>
public static class DatumSkipper
{
    public static void Skip(AvroSchema writer, ref AvroBinaryReader reader)
    {
        switch (writer.Type)
        {
            case SchemaType.Null:
                break;
            case SchemaType.Boolean:
                reader.ReadBoolean();
                break;
            case SchemaType.Int:
                reader.ReadInt();
                break;
            case SchemaType.Long:
                reader.ReadLong();
                break;
            case SchemaType.Float:
                reader.ReadFloat();
                break;
            case SchemaType.Double:
                reader.ReadDouble();
                break;
            case SchemaType.Bytes:
            case SchemaType.String:
                reader.SkipBytes();
                break;
            case SchemaType.Fixed:
                reader.SkipFixed(((FixedSchema)writer).Size);
                break;
            case SchemaType.Enum:
                reader.ReadEnum(((EnumSchema)writer).Symbols.Count);
                break;
            case SchemaType.Record:
                foreach (var field in ((RecordSchema)writer).Fields)
                    Skip(field.Schema, ref reader);
                break;
            case SchemaType.Union:
                {
                    var union = (UnionSchema)writer;
                    Skip(union.Branches[reader.ReadUnionIndex(union.Branches.Count)], ref reader);
                    break;
                }
            case SchemaType.Array:
                {
                    var items = ((ArraySchema)writer).Items;
                    var minSize = SchemaSizes.MinEncodedSize(items);
                    long total = 0;
                    for (var count = reader.ReadBlockCount(minSize); count != 0; count = reader.ReadBlockCount(minSize))
                    {
                        total += count;
                        if (minSize == 0 && total > SchemaSizes.MaxZeroSizeItems)
                            throw new AvroDecodingException($"array of more than {SchemaSizes.MaxZeroSizeItems} zero-size items", reader.Position);
                        for (long i = 0; i < count; i++)
                            Skip(items, ref reader);
                    }
                    break;
                }
            case SchemaType.Map:
                {
                    var values = ((MapSchema)writer).Values;
                    var minSize = 1 + SchemaSizes.MinEncodedSize(values);
                    for (var count = reader.ReadBlockCount(minSize); count != 0; count = reader.ReadBlockCount(minSize))
                        for (long i = 0; i < count; i++)
                        {
                            reader.SkipString();
                            Skip(values, ref reader);
                        }
                    break;
                }
        }
    }
}
