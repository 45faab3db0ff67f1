using System.Text.Json.Nodes;
using SusyTopology.Avro.Schemas;

namespace SusyTopology.Avro.Generic;

/// <summary>
/// Converts a field's JSON default to a generic value, per the specification's table: a union's default belongs to
/// its first branch; bytes and fixed defaults are strings whose code points 0-255 are the bytes.
/// </summary>
public static class DefaultValues
{
    public static object? FromJson(AvroSchema schema, JsonNode? node)
    {
        try
        {
            return Convert(schema, node);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or OverflowException or ArgumentException)
        {
            throw new AvroResolutionException($"default {node?.ToJsonString() ?? "null"} is not a valid {PrimitiveSchema.TypeName(schema.Type)}: {e.Message}");
        }
    }

    private static object? Convert(AvroSchema schema, JsonNode? node)
    {
        switch (schema)
        {
            case UnionSchema u:
                return Convert(u.Branches[0], node);
            case PrimitiveSchema p:
                {
                    object? underlying = p.Type switch
                    {
                        SchemaType.Null => node is null ? null : throw new FormatException("null default must be JSON null"),
                        SchemaType.Boolean => node!.GetValue<bool>(),
                        SchemaType.Int => node!.GetValue<int>(),
                        SchemaType.Long => node!.GetValue<long>(),
                        SchemaType.Float => node!.GetValue<float>(),
                        SchemaType.Double => node!.GetValue<double>(),
                        SchemaType.Bytes => Latin1(node!.GetValue<string>()),
                        SchemaType.String => node!.GetValue<string>(),
                        _ => throw new ArgumentOutOfRangeException(nameof(schema)),
                    };
                    return LogicalValues.FromUnderlying(p.LogicalKind, p.LogicalType, underlying);
                }
            case RecordSchema r:
                {
                    var obj = node as JsonObject ?? throw new FormatException("record default must be a JSON object");
                    var record = new GenericRecord(r);
                    foreach (var field in r.Fields)
                    {
                        if (obj.TryGetPropertyValue(field.Name, out var value))
                            record[field.Position] = Convert(field.Schema, value);
                        else if (field.HasDefault)
                            record[field.Position] = Convert(field.Schema, field.DefaultValue);
                        else
                            throw new FormatException($"record default lacks field '{field.Name}'");
                    }
                    return record;
                }
            case EnumSchema e:
                return new GenericEnum(e, node!.GetValue<string>());
            case FixedSchema f:
                {
                    var bytes = Latin1(node!.GetValue<string>());
                    if (f.LogicalKind == LogicalTypeKind.Decimal)
                        return LogicalValues.FromDecimalBytes(bytes, f.LogicalType!.Scale);
                    return new GenericFixed(f, bytes);
                }
            case ArraySchema a:
                return (node as JsonArray ?? throw new FormatException("array default must be a JSON array"))
                    .Select(item => Convert(a.Items, item)).ToList();
            case MapSchema m:
                {
                    var obj = node as JsonObject ?? throw new FormatException("map default must be a JSON object");
                    var map = new Dictionary<string, object?>(StringComparer.Ordinal);
                    foreach (var (key, value) in obj)
                        map[key] = Convert(m.Values, value);
                    return map;
                }
            default:
                throw new ArgumentOutOfRangeException(nameof(schema));
        }
    }

    private static byte[] Latin1(string value)
    {
        var bytes = new byte[value.Length];
        for (var i = 0; i < value.Length; i++)
            bytes[i] = value[i] <= 0xff ? (byte)value[i] : throw new FormatException($"bytes default has code point U+{(int)value[i]:X4} above U+00FF");
        return bytes;
    }
}
