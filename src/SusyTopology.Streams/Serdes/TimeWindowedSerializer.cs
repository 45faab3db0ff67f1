using System.Buffers.Binary;
using Confluent.Kafka;
using SusyTopology.Streams.Kstream;

namespace SusyTopology.Streams;

/// <summary>Writes a <see cref="Windowed{TKey}"/> as inner key bytes + 8-byte big-endian window start.</summary>
public sealed class TimeWindowedSerializer<TKey> : ISerializer<Windowed<TKey>>
{
    private readonly ISerializer<TKey> _inner;

    public TimeWindowedSerializer(ISerializer<TKey> inner) => _inner = inner;

    public byte[] Serialize(Windowed<TKey> data, SerializationContext context)
    {
        var key = _inner.Serialize(data.Key, context) ?? [];
        var result = new byte[key.Length + sizeof(long)];
        key.CopyTo(result, 0);
        BinaryPrimitives.WriteInt64BigEndian(result.AsSpan(key.Length), data.Window.StartMs);
        return result;
    }
}
