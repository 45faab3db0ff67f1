using Confluent.Kafka;
using Streamiz.Kafka.Net.SerDes;

namespace SusyTopology.App.Serdes;

/// <summary>A Confluent.Kafka serializer and deserializer pair as one Streamiz serde.</summary>
public sealed class ConfluentSerDes<T>(ISerializer<T> serializer, IDeserializer<T> deserializer) : AbstractSerDes<T>
{
    public override byte[] Serialize(T data, SerializationContext context) => serializer.Serialize(data, context);

    public override T Deserialize(byte[] data, SerializationContext context) =>
        deserializer.Deserialize(data, data is null, context);
}
