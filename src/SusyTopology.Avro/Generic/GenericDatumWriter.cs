using System.Collections;
using SusyTopology.Avro.IO;
using SusyTopology.Avro.Schemas;

namespace SusyTopology.Avro.Generic;

/// <summary>
/// Encodes generic values (see <see cref="GenericRecord"/> for the representation) with a schema. Logical types
/// accept either the logical .NET value or the underlying Avro value; union branches are chosen from the value's
/// runtime type.
/// </summary>
public static class GenericDatumWriter
{
    public static byte[] Encode(AvroSchema schema, object? value)
    {
        var writer = new AvroBinaryWriter();
        Write(schema, value, writer);
        return writer.ToArray();
    }

    public static void Write(AvroSchema schema, object? value, AvroBinaryWriter writer)
    {
        switch (schema)
        {
            case PrimitiveSchema p:
                WritePrimitive(p, value, writer);
                break;
            case RecordSchema r:
                WriteRecord(r, value, writer);
                break;
            case EnumSchema e:
                {
                    var symbol = value switch
                    {
                        GenericEnum ge => ge.Symbol,
                        string s => s,
                        Enum en => en.ToString(),
                        _ => throw Mismatch(schema, value),
                    };
                    var ordinal = e.Ordinal(symbol);
                    if (ordinal < 0)
                        throw new AvroEncodingException($"'{symbol}' is not a symbol of enum {e.FullName}");
                    writer.WriteEnum(ordinal);
                    break;
                }
            case FixedSchema f:
                {
                    var bytes = value switch
                    {
                        GenericFixed gf => gf.Value,
                        byte[] b => b,
                        AvroDecimal d when f.LogicalKind == LogicalTypeKind.Decimal => LogicalValues.ToDecimalFixed(d, f.LogicalType!.Scale, f.Size),
                        decimal d when f.LogicalKind == LogicalTypeKind.Decimal => LogicalValues.ToDecimalFixed(AvroDecimal.FromDecimal(d), f.LogicalType!.Scale, f.Size),
                        _ => throw Mismatch(schema, value),
                    };
                    if (bytes.Length != f.Size)
                        throw new AvroEncodingException($"fixed {f.FullName} needs {f.Size} bytes, got {bytes.Length}");
                    writer.WriteFixed(bytes);
                    break;
                }
            case ArraySchema a:
                {
                    if (value is not IList list)
                        throw Mismatch(schema, value);
                    if (list.Count > 0)
                    {
                        writer.WriteBlockCount(list.Count);
                        foreach (var item in list)
                            Write(a.Items, item, writer);
                    }
                    writer.WriteCollectionEnd();
                    break;
                }
            case MapSchema m:
                {
                    if (value is not IDictionary map)
                        throw Mismatch(schema, value);
                    if (map.Count > 0)
                    {
                        writer.WriteBlockCount(map.Count);
                        foreach (DictionaryEntry entry in map)
                        {
                            writer.WriteString(entry.Key as string ?? throw new AvroEncodingException($"map keys must be strings, got {entry.Key.GetType().Name}"));
                            Write(m.Values, entry.Value, writer);
                        }
                    }
                    writer.WriteCollectionEnd();
                    break;
                }
            case UnionSchema u:
                {
                    var index = ResolveBranch(u, value);
                    writer.WriteUnionIndex(index);
                    Write(u.Branches[index], value, writer);
                    break;
                }
            default:
                throw new ArgumentOutOfRangeException(nameof(schema), schema.Type, "unknown schema type");
        }
    }

    private static void WriteRecord(RecordSchema schema, object? value, AvroBinaryWriter writer)
    {
        if (value is not GenericRecord record)
            throw Mismatch(schema, value);
        if (!ReferenceEquals(record.Schema, schema) && record.Schema.FullName != schema.FullName)
            throw new AvroEncodingException($"record of type {record.Schema.FullName} cannot be written as {schema.FullName}");
        foreach (var field in schema.Fields)
        {
            object? fieldValue;
            if (ReferenceEquals(record.Schema, schema))
                fieldValue = record[field.Position];
            else if (!record.TryGetValue(field.Name, out fieldValue))
                throw new AvroEncodingException("record has no such field", $"{schema.Name}.{field.Name}");
            try
            {
                Write(field.Schema, fieldValue, writer);
            }
            catch (AvroEncodingException e)
            {
                throw new AvroEncodingException(e.Message, e.FieldPath is null ? $"{schema.Name}.{field.Name}" : $"{field.Name}.{e.FieldPath}");
            }
            catch (InvalidCastException e)
            {
                throw new AvroEncodingException(e.Message, $"{schema.Name}.{field.Name}");
            }
        }
    }

    private static void WritePrimitive(PrimitiveSchema schema, object? value, AvroBinaryWriter writer)
    {
        switch (schema.Type)
        {
            case SchemaType.Null:
                if (value is not null)
                    throw Mismatch(schema, value);
                break;
            case SchemaType.Boolean:
                writer.WriteBoolean(value as bool? ?? throw Mismatch(schema, value));
                break;
            case SchemaType.Int:
                writer.WriteInt(value switch
                {
                    int i => i,
                    short s => s,
                    byte b => b,
                    DateOnly d when schema.LogicalKind == LogicalTypeKind.Date => LogicalValues.ToDate(d),
                    TimeOnly t when schema.LogicalKind == LogicalTypeKind.TimeMillis => LogicalValues.ToTimeMillis(t),
                    _ => throw Mismatch(schema, value),
                });
                break;
            case SchemaType.Long:
                writer.WriteLong(value switch
                {
                    long l => l,
                    int i => i,
                    DateTimeOffset t when schema.LogicalKind == LogicalTypeKind.TimestampMicros => LogicalValues.ToTimestampMicros(t),
                    DateTimeOffset t => LogicalValues.ToTimestampMillis(t),
                    DateTime t when schema.LogicalKind == LogicalTypeKind.LocalTimestampMicros => LogicalValues.ToLocalTimestampMicros(t),
                    DateTime t when schema.LogicalKind == LogicalTypeKind.LocalTimestampMillis => LogicalValues.ToLocalTimestampMillis(t),
                    DateTime t when schema.LogicalKind == LogicalTypeKind.TimestampMicros => LogicalValues.ToTimestampMicros(new DateTimeOffset(t.ToUniversalTime())),
                    DateTime t when schema.LogicalKind == LogicalTypeKind.TimestampMillis => LogicalValues.ToTimestampMillis(new DateTimeOffset(t.ToUniversalTime())),
                    TimeOnly t when schema.LogicalKind == LogicalTypeKind.TimeMicros => LogicalValues.ToTimeMicros(t),
                    _ => throw Mismatch(schema, value),
                });
                break;
            case SchemaType.Float:
                writer.WriteFloat(value switch
                {
                    float f => f,
                    int i => i,
                    long l => l,
                    _ => throw Mismatch(schema, value),
                });
                break;
            case SchemaType.Double:
                writer.WriteDouble(value switch
                {
                    double d => d,
                    float f => f,
                    int i => i,
                    long l => l,
                    _ => throw Mismatch(schema, value),
                });
                break;
            case SchemaType.Bytes:
                writer.WriteBytes(value switch
                {
                    byte[] b => b,
                    AvroDecimal d when schema.LogicalKind == LogicalTypeKind.Decimal => LogicalValues.ToDecimalBytes(d, schema.LogicalType!.Scale),
                    decimal d when schema.LogicalKind == LogicalTypeKind.Decimal => LogicalValues.ToDecimalBytes(AvroDecimal.FromDecimal(d), schema.LogicalType!.Scale),
                    _ => throw Mismatch(schema, value),
                });
                break;
            case SchemaType.String:
                writer.WriteString(value switch
                {
                    string s => s,
                    Guid g when schema.LogicalKind == LogicalTypeKind.Uuid => g.ToString("D"),
                    _ => throw Mismatch(schema, value),
                });
                break;
        }
    }

    /// <summary>The union branch a generic value is written as: the branch whose type fits the value's runtime type.</summary>
    public static int ResolveBranch(UnionSchema union, object? value)
    {
        var branches = union.Branches;
        for (var i = 0; i < branches.Count; i++)
            if (Fits(branches[i], value, exact: true))
                return i;
        for (var i = 0; i < branches.Count; i++)
            if (Fits(branches[i], value, exact: false))
                return i;
        throw new AvroEncodingException($"a value of type {value?.GetType().Name ?? "null"} matches no branch of union {union.CanonicalForm}");
    }

    private static bool Fits(AvroSchema schema, object? value, bool exact) => (schema, value) switch
    {
        ({ Type: SchemaType.Null }, null) => true,
        (_, null) => false,
        ({ Type: SchemaType.Boolean }, bool) => true,
        (PrimitiveSchema { Type: SchemaType.Int, LogicalKind: LogicalTypeKind.Date }, DateOnly) => true,
        (PrimitiveSchema { Type: SchemaType.Int, LogicalKind: LogicalTypeKind.TimeMillis }, TimeOnly) => true,
        (PrimitiveSchema { Type: SchemaType.Long, LogicalKind: LogicalTypeKind.TimeMicros }, TimeOnly) => true,
        (PrimitiveSchema { Type: SchemaType.Long, LogicalKind: LogicalTypeKind.TimestampMillis or LogicalTypeKind.TimestampMicros }, DateTimeOffset) => true,
        (PrimitiveSchema { Type: SchemaType.Long, LogicalKind: LogicalTypeKind.LocalTimestampMillis or LogicalTypeKind.LocalTimestampMicros }, DateTime) => true,
        (PrimitiveSchema { Type: SchemaType.String, LogicalKind: LogicalTypeKind.Uuid }, Guid) => true,
        (PrimitiveSchema { Type: SchemaType.Bytes, LogicalKind: LogicalTypeKind.Decimal }, AvroDecimal or decimal) => true,
        (FixedSchema { LogicalKind: LogicalTypeKind.Decimal }, AvroDecimal or decimal) => true,
        ({ Type: SchemaType.Int }, int) => true,
        ({ Type: SchemaType.Long }, long) => true,
        ({ Type: SchemaType.Long }, int) => !exact,
        ({ Type: SchemaType.Float }, float) => true,
        ({ Type: SchemaType.Float }, int or long) => !exact,
        ({ Type: SchemaType.Double }, double) => true,
        ({ Type: SchemaType.Double }, int or long or float) => !exact,
        ({ Type: SchemaType.Bytes }, byte[]) => true,
        ({ Type: SchemaType.String }, string) => true,
        (RecordSchema r, GenericRecord g) => g.Schema.FullName == r.FullName,
        (EnumSchema e, GenericEnum g) => g.Schema.FullName == e.FullName,
        (EnumSchema e, string s) => !exact && e.Ordinal(s) >= 0,
        (FixedSchema f, GenericFixed g) => g.Schema.FullName == f.FullName,
        (FixedSchema f, byte[] b) => !exact && b.Length == f.Size,
        (ArraySchema, IList) => value is not string,
        (MapSchema, IDictionary) => true,
        _ => false,
    };

    private static AvroEncodingException Mismatch(AvroSchema schema, object? value) =>
        new($"a value of type {value?.GetType().Name ?? "null"} cannot be written as {PrimitiveSchema.TypeName(schema.Type)}" +
            (schema is NamedSchema n ? " " + n.FullName : ""));
}
