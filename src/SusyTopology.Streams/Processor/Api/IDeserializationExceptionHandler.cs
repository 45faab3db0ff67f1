using Confluent.Kafka;

namespace SusyTopology.Streams.Processor.Api;

public enum DeserializationHandlerResponse
{
    /// <summary>Skip the record (its offset is still committed) and keep processing.</summary>
    Continue,

    /// <summary>Fail the task with a StreamsException.</summary>
    Fail,
}

/// <summary>Kafka Streams' default.deserialization.exception.handler: decides what a record that cannot be read does.</summary>
public interface IDeserializationExceptionHandler
{
    DeserializationHandlerResponse Handle(DeserializationErrorContext context, ConsumeResult<byte[], byte[]> record,
        Exception exception);
}
