using Confluent.Kafka;

namespace SusyTopology.Streams;

/// <summary>
/// A serializer and its matching deserializer. The engine speaks Confluent.Kafka's own serde interfaces so that
/// any Confluent-compatible serializer (Avro, Protobuf, JSON) plugs in without an adapter.
/// </summary>
public interface ISerde<T>
{
    ISerializer<T> Serializer { get; }
    IDeserializer<T> Deserializer { get; }
}
