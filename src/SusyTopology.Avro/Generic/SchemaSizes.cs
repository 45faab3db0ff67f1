using System.Runtime.CompilerServices;
using SusyTopology.Avro.Schemas;

namespace SusyTopology.Avro.Generic;

/// <summary>
/// The least number of bytes a value of a schema occupies when encoded. Decoders use it to reject a collection
/// count that the remaining input could not possibly hold, before allocating anything for it.
/// </summary>
public static class SchemaSizes
{
    /// <summary>Upper bound on items of zero-byte schemas (null, empty records) in one collection: they cost no input.</summary>
    public const long MaxZeroSizeItems = 1_000_000;

    private static readonly ConditionalWeakTable<AvroSchema, StrongBox<int>> Cache = new();

    public static int MinEncodedSize(AvroSchema schema)
    {
        if (Cache.TryGetValue(schema, out var cached))
            return cached.Value;
        var size = Compute(schema, new HashSet<AvroSchema>(ReferenceEqualityComparer.Instance));
        Cache.AddOrUpdate(schema, new StrongBox<int>(size));
        return size;
    }

    private static int Compute(AvroSchema schema, HashSet<AvroSchema> visiting)
    {
        switch (schema.Type)
        {
            case SchemaType.Null:
                return 0;
            case SchemaType.Float:
                return 4;
            case SchemaType.Double:
                return 8;
            case SchemaType.Fixed:
                return ((FixedSchema)schema).Size;
            case SchemaType.Record:
                if (!visiting.Add(schema))
                    return 0;
                long total = 0;
                foreach (var field in ((RecordSchema)schema).Fields)
                    total += Compute(field.Schema, visiting);
                visiting.Remove(schema);
                return (int)Math.Min(total, int.MaxValue);
            default:
                // boolean, int, long, enum, union index, bytes/string length, collection terminator: at least 1 byte.
                return 1;
        }
    }
}
