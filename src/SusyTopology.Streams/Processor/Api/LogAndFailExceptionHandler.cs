using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace SusyTopology.Streams.Processor.Api;

/// <summary>Kafka Streams' default: a record that cannot be read stops the task.</summary>
public sealed class LogAndFailExceptionHandler(ILogger? logger = null) : IDeserializationExceptionHandler
{
    private readonly ILogger _logger = logger ?? NullLogger.Instance;

    public DeserializationHandlerResponse Handle(DeserializationErrorContext context, ConsumeResult<byte[], byte[]> record,
        Exception exception)
    {
        _logger.LogError(exception, "Task {TaskId} cannot deserialize {Topic}-{Partition}@{Offset}; failing",
            context.TaskId, record.Topic, record.Partition.Value, record.Offset.Value);
        return DeserializationHandlerResponse.Fail;
    }
}
