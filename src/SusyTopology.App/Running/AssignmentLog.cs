using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Streamiz.Kafka.Net.Kafka;

namespace SusyTopology.App.Running;

/// <summary>
/// Logs each stream thread's partition assignments once Streamiz has handled them, so that with several `susy run`
/// instances in one group an operator can tell which one owns what, in particular the one partition of the learner's
/// repartition topic (the instance that runs the learner), and see a fail-over happen. Streamiz logs its own at
/// Information among its chattier messages, which the app's default levels hide. Added and removed partitions are logged
/// as such, so the lines read right under the eager protocol (everything revoked, then everything assigned) and the
/// cooperative one (increments) alike.
/// </summary>
public sealed class AssignmentLog(IConsumerRebalanceListener inner, ILogger logger) : IConsumerRebalanceListener
{
    public void PartitionsAssigned(IConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions)
    {
        inner.PartitionsAssigned(consumer, partitions);
        logger.LogInformation("Partitions assigned to {Consumer}: {Partitions}", consumer.Name, Describe(partitions));
    }

    public void PartitionsRevoked(IConsumer<byte[], byte[]> consumer, List<TopicPartitionOffset> partitions)
    {
        inner.PartitionsRevoked(consumer, partitions);
        logger.LogInformation("Partitions revoked from {Consumer}: {Partitions}", consumer.Name, Describe(partitions.Select(p => p.TopicPartition)));
    }

    public void PartitionsLost(IConsumer<byte[], byte[]> consumer, List<TopicPartitionOffset> partitions)
    {
        inner.PartitionsLost(consumer, partitions);
        logger.LogInformation("Partitions lost by {Consumer}: {Partitions}", consumer.Name, Describe(partitions.Select(p => p.TopicPartition)));
    }

    /// <summary>e.g. <c>susy-events[0,1] susy-topology-train-repartition[0]</c>; <c>none</c> for an empty list.</summary>
    public static string Describe(IEnumerable<TopicPartition> partitions)
    {
        var topics = partitions.GroupBy(p => p.Topic, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Key}[{string.Join(',', g.Select(p => p.Partition.Value).Order())}]")
            .ToList();
        return topics.Count == 0 ? "none" : string.Join(' ', topics);
    }
}
