using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using SusyTopology.Avro.Generic;
using SusyTopology.Avro.Schemas;

namespace SusyTopology.App.Inspection;

/// <summary>
/// Writes a generic Avro value (as <see cref="GenericDatumReader"/> decodes it) in the specification's JSON encoding,
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
    public string ToJson(AvroSchema schema, object? value)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
            Write(writer, schema, value);
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    public void Write(Utf8JsonWriter writer, AvroSchema schema, object? value)
    {
        switch (schema)
        {
            case UnionSchema union:
                WriteUnion(writer, union, value);
                break;
            case RecordSchema record:
                var fields = (GenericRecord)value!;
                writer.WriteStartObject();
                foreach (var field in record.Fields)
                {
                    writer.WritePropertyName(field.Name);
                    Write(writer, field.Schema, fields[field.Position]);
                }
                writer.WriteEndObject();
                break;
            case EnumSchema:
                writer.WriteStringValue(value is GenericEnum e ? e.Symbol : Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
            case ArraySchema array:
                writer.WriteStartArray();
                foreach (var item in (IEnumerable)value!) Write(writer, array.Items, item);
                writer.WriteEndArray();
                break;
            case MapSchema map:
                writer.WriteStartObject();
                foreach (DictionaryEntry entry in (IDictionary)value!)
                {
                    writer.WritePropertyName((string)entry.Key);
                    Write(writer, map.Values, entry.Value);
                }
                writer.WriteEndObject();
                break;
            case FixedSchema fix:
                writer.WriteStringValue(Latin1(value switch
                {
                    GenericFixed f => f.Value,
                    AvroDecimal d => LogicalValues.ToDecimalFixed(d, fix.LogicalType!.Scale, fix.Size),
                    _ => (byte[])value!,
                }));
                break;
            case PrimitiveSchema primitive:
                WritePrimitive(writer, primitive, value);
                break;
            default:
                throw new NotSupportedException($"Unknown Avro schema {schema.GetType().Name}.");
        }
    }

    /// <summary>The name the JSON encoding gives a union branch.</summary>
    public static string BranchName(AvroSchema branch) =>
        branch is NamedSchema named ? named.FullName : PrimitiveSchema.TypeName(branch.Type);

    private void WriteUnion(Utf8JsonWriter writer, UnionSchema union, object? value)
    {
        if (value is null)
        {
            writer.WriteNullValue();
            return;
        }
        var branch = union.Branches[GenericDatumWriter.ResolveBranch(union, value)];
        writer.WriteStartObject();
        writer.WritePropertyName(BranchName(branch));
        Write(writer, branch, value);
        writer.WriteEndObject();
    }

    private void WritePrimitive(Utf8JsonWriter writer, PrimitiveSchema schema, object? value)
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
            case byte[] bytes when schema.LogicalKind == LogicalTypeKind.None && !_options.FullBytes:
                writer.WriteStringValue(string.Create(CultureInfo.InvariantCulture, $"<{bytes.Length:N0} bytes>"));
                break;
            case byte[] bytes:
                writer.WriteStringValue(Latin1(bytes));
                break;
            case DateTimeOffset instant:
                writer.WriteNumberValue(schema.LogicalKind == LogicalTypeKind.TimestampMicros
                    ? LogicalValues.ToTimestampMicros(instant)
                    : LogicalValues.ToTimestampMillis(instant));
                break;
            case DateTime local:
                writer.WriteNumberValue(schema.LogicalKind == LogicalTypeKind.LocalTimestampMicros
                    ? LogicalValues.ToLocalTimestampMicros(local)
                    : LogicalValues.ToLocalTimestampMillis(local));
                break;
            case DateOnly date:
                writer.WriteNumberValue(LogicalValues.ToDate(date));
                break;
            case TimeOnly time when schema.LogicalKind == LogicalTypeKind.TimeMicros:
                writer.WriteNumberValue(LogicalValues.ToTimeMicros(time));
                break;
            case TimeOnly time:
                writer.WriteNumberValue(LogicalValues.ToTimeMillis(time));
                break;
            case Guid guid:
                writer.WriteStringValue(guid.ToString("D"));
                break;
            case AvroDecimal dec:
                writer.WriteStringValue(Latin1(LogicalValues.ToDecimalBytes(dec, schema.LogicalType!.Scale)));
                break;
            default:
                throw new NotSupportedException($"A {value.GetType().Name} is not a generic value of Avro type {schema.Name}.");
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
