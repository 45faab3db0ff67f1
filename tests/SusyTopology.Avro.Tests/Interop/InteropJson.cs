using System.Buffers.Binary;
using System.Text.Json.Nodes;
using SusyTopology.Avro.Generic;
using SusyTopology.Avro.Schemas;

namespace SusyTopology.Avro.Tests.Interop;

/// <summary>The interop JSON rendering of a generic value, identical to avro_interop.py's <c>to_interop</c>.</summary>
public static class InteropJson
{
    private static readonly long EpochTicks = DateTime.UnixEpoch.Ticks;

    public static JsonNode? From(AvroSchema schema, object? value)
    {
        if (schema is UnionSchema union)
            return From(union.Branches[GenericDatumWriter.ResolveBranch(union, value)], value);
        switch (schema)
        {
            case PrimitiveSchema { LogicalKind: LogicalTypeKind.TimestampMillis or LogicalTypeKind.TimestampMicros }:
                return new JsonObject { ["t"] = (((DateTimeOffset)value!).UtcTicks - EpochTicks) / 10 };
            case PrimitiveSchema { LogicalKind: LogicalTypeKind.Date }:
                return new JsonObject { ["d"] = LogicalValues.ToDate((DateOnly)value!) };
            case PrimitiveSchema { LogicalKind: LogicalTypeKind.Decimal }:
            case FixedSchema { LogicalKind: LogicalTypeKind.Decimal }:
                return new JsonObject { ["dec"] = ((AvroDecimal)value!).ToString() };
            case PrimitiveSchema { LogicalKind: LogicalTypeKind.Uuid }:
                return ((Guid)value!).ToString("D");
        }
        return schema.Type switch
        {
            SchemaType.Null => null,
            SchemaType.Boolean => (bool)value!,
            SchemaType.Int => (int)value!,
            SchemaType.Long => (long)value!,
            SchemaType.Float => Double((float)value!),
            SchemaType.Double => Double((double)value!),
            SchemaType.Bytes => new JsonObject { ["b"] = Convert.ToHexStringLower((byte[])value!) },
            SchemaType.Fixed => new JsonObject { ["b"] = Convert.ToHexStringLower(((GenericFixed)value!).Value) },
            SchemaType.String => (string)value!,
            SchemaType.Enum => ((GenericEnum)value!).Symbol,
            SchemaType.Record => new JsonObject
            {
                ["r"] = new JsonObject(((RecordSchema)schema).Fields.Select(f =>
                    new KeyValuePair<string, JsonNode?>(f.Name, From(f.Schema, ((GenericRecord)value!)[f.Position])))),
            },
            SchemaType.Array => new JsonArray(((IList<object?>)value!).Select(v => From(((ArraySchema)schema).Items, v)).ToArray()),
            SchemaType.Map => new JsonObject
            {
                ["m"] = new JsonObject(((IDictionary<string, object?>)value!).Select(kv =>
                    new KeyValuePair<string, JsonNode?>(kv.Key, From(((MapSchema)schema).Values, kv.Value)))),
            },
            _ => throw new ArgumentOutOfRangeException(nameof(schema)),
        };
    }

    private static JsonNode Double(double value)
    {
        if (double.IsNaN(value))
            return "nan";
        Span<byte> bits = stackalloc byte[8];
        BinaryPrimitives.WriteDoubleBigEndian(bits, value);
        return new JsonObject { ["f"] = Convert.ToHexStringLower(bits) };
    }

    /// <summary>Both renderings through the same serializer, so that only content differences remain.</summary>
    public static string Normalize(JsonNode? node) => node?.ToJsonString() ?? "null";
}
