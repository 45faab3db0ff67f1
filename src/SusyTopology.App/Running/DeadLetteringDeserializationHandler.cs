using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Streamiz.Kafka.Net;
using Streamiz.Kafka.Net.Processors;
using SusyTopology.App.Serdes;
using SusyTopology.App.Topology;

namespace SusyTopology.App.Running;

/// <summary>
/// Streamiz's deserialization exception handler, for the records Streamiz decodes itself: the models topic feeding the
/// global store (the events are decoded by the topology's <c>validate</c> step instead, so that their dead letters are
/// part of the task's output and transaction). An undecodable record is copied to the dead-letter topic with the
/// reason in the <c>__streams.errors.*</c> headers and skipped, so a stray record on <c>susy-models</c> cannot stop
/// the app; a registry that cannot be reached is no record's fault, and fails. The global store's reader has no
/// transaction, so the copy is produced by a producer of its own, flushed when the app stops.
/// </summary>
public sealed class DeadLetteringDeserializationHandler(IProducer<byte[], byte[]> producer, string deadLetterTopic,
    TopologyCounters counters, ILogger logger) : IDisposable
{
    private static readonly TimeSpan FlushTimeout = TimeSpan.FromSeconds(10);

    public ExceptionHandlerResponse Handle(ProcessorContext context, ConsumeResult<byte[], byte[]> record, Exception error)
    {
        if (!UndecodableRecord.IsRecordsFault(error)) return ExceptionHandlerResponse.FAIL;
        var reason = UndecodableRecord.Reason(error, record.Message.Value ?? []);
        var kind = error.GetType().FullName ?? error.GetType().Name;
        producer.Produce(deadLetterTopic, new Message<byte[], byte[]>
        {
            Key = record.Message.Key,
            Value = record.Message.Value ?? [],
            Headers = DeadLetterHeaders.For(kind, reason, record.Topic, record.Partition.Value, record.Offset.Value, record.Message.Headers),
        }, report =>
        {
            if (report.Error.IsError)
                logger.LogError("Could not dead-letter the undecodable record {Topic}/{Partition}@{Offset}: {Error}",
                    record.Topic, record.Partition.Value, record.Offset.Value, report.Error.Reason);
        });
        counters.SourceRecordDeadLettered();
        logger.LogWarning("Undecodable record {Topic}/{Partition}@{Offset} skipped and dead-lettered: {Reason}",
            record.Topic, record.Partition.Value, record.Offset.Value, reason);
        return ExceptionHandlerResponse.CONTINUE;
    }

    public void Dispose()
    {
        if (producer.Flush(FlushTimeout) > 0)
            logger.LogError("Dead letters of undecodable source records still undelivered after {Timeout}", FlushTimeout);
        producer.Dispose();
    }
}
