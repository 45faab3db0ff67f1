using SusyTopology.Streams.Runtime;

namespace SusyTopology.Streams.Tests.InMemoryKafka;

/// <summary>Creates the runtime's internal topics directly on the in-memory cluster.</summary>
public sealed class InMemoryTopicManager(InMemoryKafkaCluster cluster) : IInternalTopicManager
{
    public IReadOnlyDictionary<string, int> PartitionCounts(IReadOnlyCollection<string> topics) =>
        topics.Where(cluster.TopicExists).ToDictionary(t => t, cluster.PartitionCount);

    public void CreateTopics(IReadOnlyCollection<InternalTopicSpec> topics)
    {
        foreach (var topic in topics) cluster.CreateTopic(topic.Name, topic.Partitions);
    }
}
