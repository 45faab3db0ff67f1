using System.Text;
using System.Text.Json;
using Confluent.Kafka;

namespace SusyTopology.App.Inspection;

/// <summary>What `susy tail` prints of each record besides its value.</summary>
public sealed record TailFormat
{
    /// <summary>Prefix the key and a tab, like kafka-avro-console-consumer's <c>--property print.key=true</c>.</summary>
    public bool PrintKey { get; init; }

    /// <summary>One object per record with partition, offset, timestamp, key, headers, schema id and value.</summary>
    public bool PrintMetadata { get; init; }

    /// <summary>Print bytes fields in full instead of their size.</summary>
    public bool FullBytes { get; init; }
}

/// <summary>
/// Turns a raw Kafka record into the one line `susy tail` prints. By default that is the value in Avro's JSON
/// encoding, as kafka-avro-console-consumer prints it. A value that is not Avro (what a dead-letter topic holds:
/// the original bytes, the reason in the headers) becomes <c>{"value_base64": …, "error": …, "headers": {…}}</c>
/// so that nothing is hidden; a tombstone is <c>null</c>.
/// </summary>
public sealed class TailRecordFormatter(SchemaRegistryValueDecoder decoder, TailFormat format)
{
    private readonly AvroJsonEncoder _encoder = new(new AvroJsonOptions { FullBytes = format.FullBytes });

    public string Format(ConsumeResult<byte[]?, byte[]?> record)
    {
        var message = record.Message;
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, AvroJsonEncoder.WriterOptions))
        {
            if (format.PrintMetadata)
            {
                writer.WriteStartObject();
                writer.WriteString("topic", record.Topic);
                writer.WriteNumber("partition", record.Partition.Value);
                writer.WriteNumber("offset", record.Offset.Value);
                writer.WriteNumber("timestamp", message.Timestamp.UnixTimestampMs);
                writer.WritePropertyName("key");
                RawFieldRendering.WriteKey(writer, message.Key);
                writer.WritePropertyName("headers");
                RawFieldRendering.WriteHeaders(writer, message.Headers);
                WriteValue(writer, message, inline: true);
                writer.WriteEndObject();
            }
            else
            {
                if (format.PrintKey)
                {
                    RawFieldRendering.WriteKey(writer, message.Key);
                    writer.Flush();
                    buffer.WriteByte((byte)'\t');
                    writer.Reset();
                }
                WriteValue(writer, message, inline: false);
            }
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>Inline: as properties of the metadata object; otherwise as a value of its own.</summary>
    private void WriteValue(Utf8JsonWriter writer, Message<byte[]?, byte[]?> message, bool inline)
    {
        if (message.Value is null)
        {
            if (inline) writer.WriteNull("value");
            else writer.WriteNullValue();
            return;
        }
        if (decoder.TryDecode(message.Value, out var decoded, out var reason))
        {
            if (inline)
            {
                writer.WriteNumber("schema_id", decoded!.SchemaId);
                writer.WritePropertyName("value");
            }
            _encoder.Write(writer, decoded!.Schema, decoded.Value);
            return;
        }
        if (!inline) writer.WriteStartObject();
        writer.WriteBase64String("value_base64", message.Value);
        writer.WriteString("error", reason);
        if (!inline)
        {
            writer.WritePropertyName("headers");
            RawFieldRendering.WriteHeaders(writer, message.Headers);
            writer.WriteEndObject();
        }
    }
}
