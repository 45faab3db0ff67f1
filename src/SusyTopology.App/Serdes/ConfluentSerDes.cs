using Confluent.Kafka;
using Streamiz.Kafka.Net.SerDes;
using SusyTopology.Avro.Confluent;

namespace SusyTopology.App.Serdes;

/// <summary>
/// Confluent's asynchronous serializer and deserializer pair (its Avro serdes) as one Streamiz serde, run on the
/// stream thread itself (<see cref="CallingThread"/>).
/// </summary>
public sealed class ConfluentSerDes<T>(IAsyncSerializer<T> serializer, IAsyncDeserializer<T> deserializer) : AbstractSerDes<T>
{
    public override byte[] Serialize(T data, SerializationContext context) =>
        CallingThread.Run(() => serializer.SerializeAsync(data, context));

    public override T Deserialize(byte[] data, SerializationContext context) =>
        CallingThread.Run(() => deserializer.DeserializeAsync(data, data is null, context));
}
