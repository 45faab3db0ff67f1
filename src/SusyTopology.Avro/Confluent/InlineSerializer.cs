using Confluent.Kafka;

namespace SusyTopology.Avro.Confluent;

/// <summary>Confluent's asynchronous serializer (e.g. its AvroSerializer) as a synchronous one, without a thread hop per message.</summary>
public sealed class InlineSerializer<T>(IAsyncSerializer<T> inner) : ISerializer<T>
{
    public byte[] Serialize(T data, SerializationContext context) => CallingThread.Run(() => inner.SerializeAsync(data, context));
}
