using System.Buffers.Binary;

namespace SusyTopology.Avro.Serdes;

/// <summary>
/// Confluent's framing of a schema-registry-encoded Kafka message: magic byte 0, the schema id as a 4-byte
/// big-endian integer, then the Avro binary body.
/// </summary>
public static class ConfluentWireFormat
{
    public const byte MagicByte = 0;
    public const int HeaderSize = 5;

    /// <summary>The schema id of a message, validating the header.</summary>
    public static int ReadSchemaId(ReadOnlySpan<byte> message)
    {
        if (message.Length < HeaderSize)
            throw new InvalidWireFormatException(
                $"message of {message.Length} bytes is shorter than the {HeaderSize}-byte Confluent wire-format header");
        if (message[0] != MagicByte)
            throw new InvalidWireFormatException($"unknown magic byte {message[0]} (the Confluent wire format starts with {MagicByte})");
        return BinaryPrimitives.ReadInt32BigEndian(message[1..]);
    }

    public static void WriteHeader(Span<byte> destination, int schemaId)
    {
        destination[0] = MagicByte;
        BinaryPrimitives.WriteInt32BigEndian(destination[1..], schemaId);
    }
}
