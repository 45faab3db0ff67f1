using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace SusyTopology.App.Running;

/// <summary>
/// A stream thread's consumer whose offset commit, while its partitions are being revoked, may be refused without
/// failing the revocation. Streamiz removes the revoked tasks and then commits them inside the revocation callback; an
/// exception there leaves the thread marked as rebalancing (it never polls again) and the tasks unclosed (their
/// changelogs stay registered, so taking a partition back fails). Swallowing the refusal lets Streamiz close the tasks
/// and finish the revocation; the uncommitted records are processed again by whoever gets the partitions, as
/// at_least_once allows. <see cref="Close"/> first polls until the revocation that unsubscribing started is handled:
/// inside librdkafka's consumer close, Confluent.Kafka's rebalance callback asks for the rebalance protocol, and that
/// request can wait forever (librdkafka issue 4041; here one shutdown in three of the app benchmark hung there).
/// Every other call goes straight to the consumer.
/// </summary>
public sealed class RevocationTolerantConsumer(IConsumer<byte[], byte[]> inner, RevocationFailureAsLoss revocations, ILogger logger)
    : IConsumer<byte[], byte[]>
{
    private const int MaxRevocationPolls = 50;
    private static readonly TimeSpan RevocationPoll = TimeSpan.FromMilliseconds(100);

    public void Commit(IEnumerable<TopicPartitionOffset> offsets)
    {
        if (!revocations.Revoking)
        {
            inner.Commit(offsets);
            return;
        }
        try
        {
            inner.Commit(offsets);
        }
        catch (KafkaException e)
        {
            logger.LogWarning("The commit of revoked partitions was refused ({Reason}); their records since the last commit will be processed again",
                e.Error.Reason);
        }
    }

    public List<TopicPartitionOffset> Commit() => inner.Commit();
    public void Commit(ConsumeResult<byte[], byte[]> result) => inner.Commit(result);
    public ConsumeResult<byte[], byte[]> Consume(int millisecondsTimeout) => inner.Consume(millisecondsTimeout);
    public ConsumeResult<byte[], byte[]> Consume(CancellationToken cancellationToken = default) => inner.Consume(cancellationToken);
    public ConsumeResult<byte[], byte[]> Consume(TimeSpan timeout) => inner.Consume(timeout);
    public string MemberId => inner.MemberId;
    public List<TopicPartition> Assignment => inner.Assignment;
    public List<string> Subscription => inner.Subscription;
    public IConsumerGroupMetadata ConsumerGroupMetadata => inner.ConsumerGroupMetadata;
    public void Subscribe(IEnumerable<string> topics) => inner.Subscribe(topics);
    public void Subscribe(string topic) => inner.Subscribe(topic);
    public void Unsubscribe() => inner.Unsubscribe();
    public void Assign(TopicPartition partition) => inner.Assign(partition);
    public void Assign(TopicPartitionOffset partition) => inner.Assign(partition);
    public void Assign(IEnumerable<TopicPartitionOffset> partitions) => inner.Assign(partitions);
    public void Assign(IEnumerable<TopicPartition> partitions) => inner.Assign(partitions);
    public void IncrementalAssign(IEnumerable<TopicPartitionOffset> partitions) => inner.IncrementalAssign(partitions);
    public void IncrementalAssign(IEnumerable<TopicPartition> partitions) => inner.IncrementalAssign(partitions);
    public void IncrementalUnassign(IEnumerable<TopicPartition> partitions) => inner.IncrementalUnassign(partitions);
    public void Unassign() => inner.Unassign();
    public void StoreOffset(ConsumeResult<byte[], byte[]> result) => inner.StoreOffset(result);
    public void StoreOffset(TopicPartitionOffset offset) => inner.StoreOffset(offset);
    public void Seek(TopicPartitionOffset tpo) => inner.Seek(tpo);
    public void Pause(IEnumerable<TopicPartition> partitions) => inner.Pause(partitions);
    public void Resume(IEnumerable<TopicPartition> partitions) => inner.Resume(partitions);
    public List<TopicPartitionOffset> Committed(TimeSpan timeout) => inner.Committed(timeout);
    public List<TopicPartitionOffset> Committed(IEnumerable<TopicPartition> partitions, TimeSpan timeout) => inner.Committed(partitions, timeout);
    public Offset Position(TopicPartition partition) => inner.Position(partition);
    public List<TopicPartitionOffset> OffsetsForTimes(IEnumerable<TopicPartitionTimestamp> timestampsToSearch, TimeSpan timeout) =>
        inner.OffsetsForTimes(timestampsToSearch, timeout);
    public WatermarkOffsets GetWatermarkOffsets(TopicPartition topicPartition) => inner.GetWatermarkOffsets(topicPartition);
    public WatermarkOffsets QueryWatermarkOffsets(TopicPartition topicPartition, TimeSpan timeout) => inner.QueryWatermarkOffsets(topicPartition, timeout);
    public void Close()
    {
        if (inner.Subscription.Count == 0)
        {
            // The records a poll still returns are dropped: nothing processed them, so nothing committed them.
            for (var poll = 0; poll < MaxRevocationPolls && inner.Assignment.Count > 0; poll++)
            {
                try
                {
                    inner.Consume(RevocationPoll);
                }
                catch (KafkaException e)
                {
                    logger.LogWarning("Polling for the final revocation failed ({Reason}); closing with the partitions still assigned", e.Error.Reason);
                    break;
                }
            }
        }
        inner.Close();
    }
    public Handle Handle => inner.Handle;
    public string Name => inner.Name;
    public int AddBrokers(string brokers) => inner.AddBrokers(brokers);
    public void SetSaslCredentials(string username, string password) => inner.SetSaslCredentials(username, password);
    public void Dispose() => inner.Dispose();
}
