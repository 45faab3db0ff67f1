using Confluent.Kafka;
using Confluent.SchemaRegistry;
using Confluent.SchemaRegistry.Serdes;
using Streamiz.Kafka.Net.SerDes;
using SusyTopology.Avro.Confluent;

namespace SusyTopology.App.Serdes;

/// <summary>
/// Confluent's Avro serializer and deserializer for a generated class as one Streamiz serde, run on the stream thread
/// itself with their per-message schema work memoized (<see cref="MemoizedAvroSerializer{T}"/>,
/// <see cref="MemoizedAvroDeserializer{T}"/>).
/// </summary>
public sealed class ConfluentSerDes<T>(ISchemaRegistryClient registry, AvroSerializerConfig? serializer, AvroDeserializerConfig? deserializer)
    : AbstractSerDes<T> where T : class, global::Avro.Specific.ISpecificRecord, IEquatable<T>, new()
{
    private readonly MemoizedAvroSerializer<T> _serializer = new(registry, serializer);
    private readonly MemoizedAvroDeserializer<T> _deserializer = new(registry, deserializer);

    public override byte[] Serialize(T data, SerializationContext context) => _serializer.Serialize(data, context);

    public override T Deserialize(byte[] data, SerializationContext context) =>
        _deserializer.Deserialize(data, data is null, context);
}
