using Confluent.Kafka;
using SusyTopology.Streams.Processor.Api;
using SusyTopology.Streams.Processor.Internals;

namespace SusyTopology.Streams.Runtime;

/// <summary>
/// A task's output path onto the thread's <see cref="StreamsProducer"/>. Delivery reports arrive on librdkafka's
/// poll thread: failures are judged by the production-exception handler and the first fatal one is rethrown on the
/// stream thread at the next send or flush; the offsets written to changelog partitions are kept for checkpoints.
/// </summary>
internal sealed class RecordCollector : IRecordCollector
{
    private readonly StreamsProducer _producer;
    private readonly TaskId _taskId;
    private readonly IProductionExceptionHandler _handler;
    private readonly HashSet<string> _trackedTopics;
    private readonly Dictionary<TopicPartition, long> _writtenOffsets = [];
    private readonly Action<DeliveryReport<byte[], byte[]>> _onDelivery;
    private readonly StreamsMetrics _metrics;
    private Exception? _sendFailure;

    public RecordCollector(StreamsProducer producer, TaskId taskId, IProductionExceptionHandler handler,
        IEnumerable<string> changelogTopics, StreamsMetrics metrics)
    {
        _producer = producer;
        _taskId = taskId;
        _handler = handler;
        _metrics = metrics;
        _trackedTopics = new HashSet<string>(changelogTopics, StringComparer.Ordinal);
        // One delegate for all sends: no closure allocation per record on the hot path.
        _onDelivery = OnDelivery;
    }

    public void Send(string topic, byte[]? key, byte[]? value, Headers? headers, long timestamp, int? partition)
    {
        ThrowIfFailed();
        var message = new Message<byte[], byte[]>
        {
            Key = key!,
            Value = value!,
            Headers = headers,
            Timestamp = new Timestamp(timestamp, TimestampType.CreateTime),
        };
        var destination = new TopicPartition(topic, partition is { } p ? new Partition(p) : Partition.Any);
        _producer.Send(destination, message, _onDelivery);
    }

    public void Flush()
    {
        _producer.Flush();
        ThrowIfFailed();
    }

    /// <summary>The last offset acknowledged per changelog partition since the previous call.</summary>
    public IReadOnlyDictionary<TopicPartition, long> TakeWrittenChangelogOffsets()
    {
        lock (_writtenOffsets)
        {
            var snapshot = new Dictionary<TopicPartition, long>(_writtenOffsets);
            _writtenOffsets.Clear();
            return snapshot;
        }
    }

    /// <summary>Forgets a failure whose work is being thrown away (the task is re-initialised).</summary>
    public void Reset()
    {
        Volatile.Write(ref _sendFailure, null);
        lock (_writtenOffsets) _writtenOffsets.Clear();
    }

    private void OnDelivery(DeliveryReport<byte[], byte[]> report)
    {
        if (report.Error.IsError)
        {
            _metrics.RecordSendError();
            if (_handler.Handle(report) == ProductionExceptionHandlerResponse.Fail)
                Interlocked.CompareExchange(ref _sendFailure, new StreamsException(
                    $"Task {_taskId} failed to send a record to {report.TopicPartition}: {report.Error.Reason}",
                    new KafkaException(report.Error)), null);
            return;
        }
        if (_trackedTopics.Count == 0 || !_trackedTopics.Contains(report.Topic)) return;
        lock (_writtenOffsets)
        {
            var partition = report.TopicPartition;
            if (!_writtenOffsets.TryGetValue(partition, out var previous) || previous < report.Offset.Value)
                _writtenOffsets[partition] = report.Offset.Value;
        }
    }

    /// <summary>Throws the first send failure the production handler did not excuse.</summary>
    public void ThrowIfFailed()
    {
        if (Volatile.Read(ref _sendFailure) is { } failure) throw failure;
    }
}
