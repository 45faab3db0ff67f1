using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Avro;
using Avro.Generic;

namespace SusyTopology.App.Inspection;

/// <summary>
/// Writes a generic Avro value (as Apache.Avro's generic reader decodes it) in the specification's JSON encoding,
/// which is what kafka-avro-console-consumer prints: records and maps as objects, enums as their symbol, a non-null
/// union value wrapped as <c>{"branch": value}</c> (the branch's full name for named types, else its type name),
/// bytes and fixed as strings of code points U+0000–U+00FF, logical types as their underlying value (a
/// timestamp-millis is its epoch-millisecond long). Two deliberate departures keep every line valid, readable JSON:
/// NaN and ±Infinity are written as the strings "NaN", "Infinity", "-Infinity" (Java writes bare tokens that JSON
/// parsers reject), and, unless <see cref="AvroJsonOptions.FullBytes"/>, a bytes value is abbreviated to its size,
/// e.g. <c>"&lt;263,412 bytes&gt;"</c> — a serialized ONNX model is not something to read on a terminal.
/// </summary>
public sealed class AvroJsonEncoder(AvroJsonOptions? options = null)
{
    private readonly AvroJsonOptions _options = options ?? new AvroJsonOptions();

    /// <summary>Escapes only what JSON requires, so that names and strings stay readable on a terminal.</summary>
    public static JsonWriterOptions WriterOptions { get; } = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The value as one line of JSON.</summary>
    public string ToJson(Schema schema, object? value)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
            Write(writer, schema, value);
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    public void Write(Utf8JsonWriter writer, Schema schema, object? value)
    {
        switch (schema)
        {
            case UnionSchema union:
                WriteUnion(writer, union, value);
                break;
            case LogicalSchema logical:
                // The JSON encoding of a logical type is its underlying type's.
                WriteUnderlying(writer, logical.BaseSchema, logical.LogicalType.ConvertToBaseValue(value, logical));
                break;
            case RecordSchema record:
                var fields = (GenericRecord)value!;
                writer.WriteStartObject();
                foreach (var field in record.Fields)
                {
                    writer.WritePropertyName(field.Name);
                    Write(writer, field.Schema, fields.GetValue(field.Pos));
                }
                writer.WriteEndObject();
                break;
            case EnumSchema:
                writer.WriteStringValue(value is GenericEnum e ? e.Value : Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
            case ArraySchema array:
                writer.WriteStartArray();
                foreach (var item in (IEnumerable)value!) Write(writer, array.ItemSchema, item);
                writer.WriteEndArray();
                break;
            case MapSchema map:
                writer.WriteStartObject();
                foreach (DictionaryEntry entry in (IDictionary)value!)
                {
                    writer.WritePropertyName((string)entry.Key);
                    Write(writer, map.ValueSchema, entry.Value);
                }
                writer.WriteEndObject();
                break;
            case FixedSchema:
                writer.WriteStringValue(Latin1(((GenericFixed)value!).Value));
                break;
            case PrimitiveSchema:
                WritePrimitive(writer, value, abbreviateBytes: !_options.FullBytes);
                break;
            default:
                throw new NotSupportedException($"Unknown Avro schema {schema.GetType().Name}.");
        }
    }

    /// <summary>The name the JSON encoding gives a union branch.</summary>
    public static string BranchName(Schema branch) => branch switch
    {
        NamedSchema named => named.Fullname,
        LogicalSchema logical => BranchName(logical.BaseSchema),
        _ => branch.Name,
    };

    /// <summary>The union branch a generic value was read from (the first branch that accepts it, as writers pick).</summary>
    public static Schema BranchOf(UnionSchema union, object value) =>
        union.Schemas.FirstOrDefault(branch => Accepts(branch, value))
        ?? throw new AvroException($"A {value.GetType().Name} matches no branch of union {union}.");

    private static bool Accepts(Schema branch, object value) => branch switch
    {
        LogicalSchema logical => logical.LogicalType.IsInstanceOfLogicalType(value),
        RecordSchema record => value is GenericRecord r && r.Schema.Fullname == record.Fullname,
        EnumSchema e => value is GenericEnum g && g.Schema.Fullname == e.Fullname,
        FixedSchema f => value is GenericFixed g && g.Schema.Fullname == f.Fullname,
        ArraySchema => value is IList,
        MapSchema => value is IDictionary,
        PrimitiveSchema p => p.Tag switch
        {
            Schema.Type.Boolean => value is bool,
            Schema.Type.Int => value is int,
            Schema.Type.Long => value is long,
            Schema.Type.Float => value is float,
            Schema.Type.Double => value is double,
            Schema.Type.Bytes => value is byte[],
            Schema.Type.String => value is string,
            _ => false,
        },
        _ => false,
    };

    private void WriteUnion(Utf8JsonWriter writer, UnionSchema union, object? value)
    {
        if (value is null)
        {
            writer.WriteNullValue();
            return;
        }
        var branch = BranchOf(union, value);
        writer.WriteStartObject();
        writer.WritePropertyName(BranchName(branch));
        Write(writer, branch, value);
        writer.WriteEndObject();
    }

    /// <summary>A logical value's underlying value: never abbreviated (a decimal's bytes are its digits).</summary>
    private static void WriteUnderlying(Utf8JsonWriter writer, Schema schema, object? value)
    {
        if (schema is FixedSchema)
            writer.WriteStringValue(Latin1(((GenericFixed)value!).Value));
        else
            WritePrimitive(writer, value, abbreviateBytes: false);
    }

    private static void WritePrimitive(Utf8JsonWriter writer, object? value, bool abbreviateBytes)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case int i:
                writer.WriteNumberValue(i);
                break;
            case long l:
                writer.WriteNumberValue(l);
                break;
            case float f when float.IsFinite(f):
                writer.WriteNumberValue(f);
                break;
            case double d when double.IsFinite(d):
                writer.WriteNumberValue(d);
                break;
            case float or double:
                // The invariant culture spells these "NaN", "Infinity" and "-Infinity".
                writer.WriteStringValue(Convert.ToDouble(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture));
                break;
            case string s:
                writer.WriteStringValue(s);
                break;
            case byte[] bytes when abbreviateBytes:
                writer.WriteStringValue(string.Create(CultureInfo.InvariantCulture, $"<{bytes.Length:N0} bytes>"));
                break;
            case byte[] bytes:
                writer.WriteStringValue(Latin1(bytes));
                break;
            default:
                throw new NotSupportedException($"A {value.GetType().Name} is not a generic Avro value.");
        }
    }

    /// <summary>The JSON encoding's bytes: one code point per byte, U+0000–U+00FF.</summary>
    private static string Latin1(byte[] bytes) => Encoding.Latin1.GetString(bytes);
}

/// <summary>How <see cref="AvroJsonEncoder"/> renders what is not meant for reading.</summary>
public sealed record AvroJsonOptions
{
    /// <summary>Write bytes values in full (the JSON encoding's Latin-1 string) instead of their size.</summary>
    public bool FullBytes { get; init; }
}
