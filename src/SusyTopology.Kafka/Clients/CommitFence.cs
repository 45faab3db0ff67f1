using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace SusyTopology.Kafka.Clients;

/// <summary>
/// Closed by the first record of a process whose delivery failed; from then on the process commits no input offsets.
/// Streamiz 1.8.2 under at_least_once stops a thread on a failed delivery, and on its way down commits the input
/// offsets of everything it processed, the record whose output was lost included: nothing would process it again.
/// With the commit refused, whoever takes the partitions over starts from the last commit before the failure.
/// </summary>
public sealed class CommitFence(ILogger logger)
{
    private string? _reason;

    /// <summary>Why commits are refused, or null while they are not.</summary>
    public string? Reason => Volatile.Read(ref _reason);

    public void Close(TopicPartition partition, Error error)
    {
        var reason = $"a record to {partition} failed delivery ({error.Code}: {error.Reason})";
        if (Interlocked.CompareExchange(ref _reason, reason, null) is null)
            logger.LogError("Input offsets will no longer be committed: {Reason}; the records since the last commit will be processed again", reason);
    }

    /// <summary>Throws, as a refused OffsetCommit does, once the fence is closed.</summary>
    public void ThrowIfClosed()
    {
        if (Reason is { } reason) throw new KafkaException(new Error(ErrorCode.Local_State, $"commit refused: {reason}"));
    }

    /// <summary>A producer whose failed deliveries close this fence.</summary>
    public IProducer<byte[], byte[]> Watch(IProducer<byte[], byte[]> producer) => new WatchedProducer(producer, this);

    /// <summary>A consumer whose commits this fence guards.</summary>
    public IConsumer<byte[], byte[]> Guard(IConsumer<byte[], byte[]> consumer) => new GuardedConsumer(consumer, this);

    private sealed class WatchedProducer(IProducer<byte[], byte[]> inner, CommitFence fence) : DelegatingProducer(inner)
    {
        public override void Produce(TopicPartition topicPartition, Message<byte[], byte[]> message,
            Action<DeliveryReport<byte[], byte[]>>? deliveryHandler = null) =>
            Inner.Produce(topicPartition, message, report =>
            {
                if (report.Error.IsError) fence.Close(report.TopicPartition, report.Error);
                deliveryHandler?.Invoke(report);
            });

        public override void Produce(string topic, Message<byte[], byte[]> message, Action<DeliveryReport<byte[], byte[]>>? deliveryHandler = null) =>
            Produce(new TopicPartition(topic, Partition.Any), message, deliveryHandler);

        public override async Task<DeliveryResult<byte[], byte[]>> ProduceAsync(TopicPartition topicPartition, Message<byte[], byte[]> message,
            CancellationToken cancellationToken = default)
        {
            try
            {
                return await Inner.ProduceAsync(topicPartition, message, cancellationToken).ConfigureAwait(false);
            }
            catch (ProduceException<byte[], byte[]> e)
            {
                fence.Close(e.DeliveryResult.TopicPartition, e.Error);
                throw;
            }
        }

        public override Task<DeliveryResult<byte[], byte[]>> ProduceAsync(string topic, Message<byte[], byte[]> message,
            CancellationToken cancellationToken = default) =>
            ProduceAsync(new TopicPartition(topic, Partition.Any), message, cancellationToken);
    }

    private sealed class GuardedConsumer(IConsumer<byte[], byte[]> inner, CommitFence fence) : DelegatingConsumer(inner)
    {
        public override void Commit(IEnumerable<TopicPartitionOffset> offsets)
        {
            fence.ThrowIfClosed();
            Inner.Commit(offsets);
        }

        public override List<TopicPartitionOffset> Commit()
        {
            fence.ThrowIfClosed();
            return Inner.Commit();
        }

        public override void Commit(ConsumeResult<byte[], byte[]> result)
        {
            fence.ThrowIfClosed();
            Inner.Commit(result);
        }
    }
}
