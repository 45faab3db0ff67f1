using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using Confluent.Kafka;

namespace SusyTopology.App.Inspection;

/// <summary>
/// How `susy tail` shows the parts of a record that carry no schema: keys and headers. The app's keys are Kafka's
/// own formats — a big-endian 64-bit event id or a UTF-8 string — which the bytes alone cannot always tell apart, so
/// an 8-byte key is an int64 unless it is printable text (an event id below 2^56 has a zero first byte; a key like
/// "model-v1" is eight letters), any other key is text; bytes that are not UTF-8 are shown as base64.
/// </summary>
public static class RawFieldRendering
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static void WriteKey(Utf8JsonWriter writer, byte[]? key)
    {
        if (key is null)
            writer.WriteNullValue();
        else if (key.Length == sizeof(long) && !IsPrintableText(key))
            writer.WriteNumberValue(BinaryPrimitives.ReadInt64BigEndian(key));
        else
            WriteText(writer, key);
    }

    /// <summary>Headers as an object, name → value; a name that occurs more than once maps to the array of its values, in order.</summary>
    public static void WriteHeaders(Utf8JsonWriter writer, Headers? headers)
    {
        writer.WriteStartObject();
        if (headers != null)
        {
            foreach (var group in headers.GroupBy(h => h.Key, StringComparer.Ordinal))
            {
                writer.WritePropertyName(group.Key);
                var values = group.Select(h => h.GetValueBytes()).ToList();
                if (values.Count == 1)
                {
                    WriteText(writer, values[0]);
                    continue;
                }
                writer.WriteStartArray();
                foreach (var value in values) WriteText(writer, value);
                writer.WriteEndArray();
            }
        }
        writer.WriteEndObject();
    }

    /// <summary>Valid UTF-8 without control characters.</summary>
    public static bool IsPrintableText(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return !StrictUtf8.GetString(bytes).Any(char.IsControl);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    /// <summary>UTF-8 text as a string; anything else as base64; null as null.</summary>
    public static void WriteText(Utf8JsonWriter writer, byte[]? bytes)
    {
        if (bytes is null)
        {
            writer.WriteNullValue();
            return;
        }
        string text;
        try
        {
            text = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            writer.WriteBase64StringValue(bytes);
            return;
        }
        writer.WriteStringValue(text);
    }
}
