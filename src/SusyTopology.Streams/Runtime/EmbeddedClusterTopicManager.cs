using SusyTopology.Kafka.Embedded;

namespace SusyTopology.Streams.Runtime;

/// <summary>
/// Internal topics on the embedded (librdkafka mock) cluster, whose brokers never answer CreateTopics and
/// auto-create any topic a Metadata request names with 4 partitions: topics are created through the mock's own API
/// before any client sees them.
/// </summary>
public sealed class EmbeddedClusterTopicManager(EmbeddedKafkaCluster cluster) : IInternalTopicManager
{
    public IReadOnlyDictionary<string, int> PartitionCounts(IReadOnlyCollection<string> topics)
    {
        var known = cluster.Topics;
        return topics.Where(known.ContainsKey).ToDictionary(t => t, t => known[t], StringComparer.Ordinal);
    }

    public void CreateTopics(IReadOnlyCollection<InternalTopicSpec> topics)
    {
        foreach (var topic in topics) cluster.CreateTopic(topic.Name, topic.Partitions);
    }
}
