using Confluent.Kafka;

namespace SusyTopology.Streams;

/// <summary>The plain pairing of a serializer with a deserializer.</summary>
public sealed class Serde<T> : ISerde<T>
{
    public Serde(ISerializer<T> serializer, IDeserializer<T> deserializer)
    {
        Serializer = serializer ?? throw new ArgumentNullException(nameof(serializer));
        Deserializer = deserializer ?? throw new ArgumentNullException(nameof(deserializer));
    }

    public ISerializer<T> Serializer { get; }
    public IDeserializer<T> Deserializer { get; }
}
