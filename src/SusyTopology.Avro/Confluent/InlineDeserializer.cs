using Confluent.Kafka;

namespace SusyTopology.Avro.Confluent;

/// <summary>Confluent's asynchronous deserializer (e.g. its AvroDeserializer) as a synchronous one, without a thread hop per message.</summary>
public sealed class InlineDeserializer<T>(IAsyncDeserializer<T> inner) : IDeserializer<T>
{
    public T Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context)
    {
        var copy = isNull ? ReadOnlyMemory<byte>.Empty : new ReadOnlyMemory<byte>(data.ToArray());
        return CallingThread.Run(() => inner.DeserializeAsync(copy, isNull, context));
    }
}
