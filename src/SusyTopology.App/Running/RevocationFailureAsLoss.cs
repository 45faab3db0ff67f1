using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Streamiz.Kafka.Net.Kafka;

namespace SusyTopology.App.Running;

/// <summary>
/// Streamiz's rebalance listener, repaired for revocations that fail. Streamiz marks its thread as rebalancing, removes
/// the revoked tasks and then commits them; an exception from there leaves the mark set, and a marked thread never
/// polls again, so it never receives its next assignment while the client still reports RUNNING. A refused commit is
/// absorbed by <see cref="RevocationTolerantConsumer"/> while <see cref="Revoking"/> is set; any other failure is
/// handed to Streamiz's own lost-partitions path, which clears the mark and closes the tasks it still holds.
/// </summary>
public sealed class RevocationFailureAsLoss(IConsumerRebalanceListener inner, ILogger logger) : IConsumerRebalanceListener
{
    private volatile bool _revoking;

    /// <summary>True while Streamiz handles a revocation (on the thread that polls the consumer).</summary>
    public bool Revoking => _revoking;

    public void PartitionsAssigned(IConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions) =>
        inner.PartitionsAssigned(consumer, partitions);

    public void PartitionsRevoked(IConsumer<byte[], byte[]> consumer, List<TopicPartitionOffset> partitions)
    {
        _revoking = true;
        try
        {
            inner.PartitionsRevoked(consumer, partitions);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            logger.LogWarning(e, "Revoking {Count} partition(s) failed ({Reason}); handling them as lost so that the thread rejoins",
                partitions.Count, e.Message);
            inner.PartitionsLost(consumer, partitions);
        }
        finally
        {
            _revoking = false;
        }
    }

    public void PartitionsLost(IConsumer<byte[], byte[]> consumer, List<TopicPartitionOffset> partitions) =>
        inner.PartitionsLost(consumer, partitions);
}
