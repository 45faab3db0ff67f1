using System.Buffers.Binary;
using Confluent.Kafka;
using Streamiz.Kafka.Net.SerDes;

namespace SusyTopology.App.Serdes;

/// <summary>
/// Kafka's own <c>LongSerializer</c> format: eight bytes, big-endian. Streamiz's <c>Int64SerDes</c> writes the host's
/// byte order (little-endian on x64), which neither Java clients, ksqlDB (<c>KEY_FORMAT='KAFKA'</c>) nor kcat
/// (<c>-s key='&gt;q'</c>) read as the same number.
/// </summary>
public sealed class BigEndianInt64SerDes : AbstractSerDes<long>
{
    public override byte[] Serialize(long data, SerializationContext context)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(bytes, data);
        return bytes;
    }

    public override long Deserialize(byte[] data, SerializationContext context) =>
        data is { Length: 8 }
            ? BinaryPrimitives.ReadInt64BigEndian(data)
            : throw new InvalidDataException($"A big-endian int64 key has 8 bytes, not {data?.Length.ToString() ?? "null"}.");
}
