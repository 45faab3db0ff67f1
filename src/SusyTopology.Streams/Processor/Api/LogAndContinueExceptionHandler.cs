using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace SusyTopology.Streams.Processor.Api;

/// <summary>Logs the unreadable record and skips it.</summary>
public sealed class LogAndContinueExceptionHandler(ILogger? logger = null) : IDeserializationExceptionHandler
{
    private readonly ILogger _logger = logger ?? NullLogger.Instance;

    public DeserializationHandlerResponse Handle(DeserializationErrorContext context, ConsumeResult<byte[], byte[]> record,
        Exception exception)
    {
        _logger.LogWarning(exception, "Task {TaskId} skips unreadable record {Topic}-{Partition}@{Offset}",
            context.TaskId, record.Topic, record.Partition.Value, record.Offset.Value);
        return DeserializationHandlerResponse.Continue;
    }
}
