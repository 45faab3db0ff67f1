using Confluent.Kafka;
using Confluent.Kafka.Admin;

namespace SusyTopology.Streams.Runtime;

/// <summary>
/// Internal topics through the AdminClient. When CreateTopics does not succeed in time (a broker without a
/// controller, such as librdkafka's mock cluster, never answers it), the topics are looked up once more — someone
/// may have created them — and otherwise start-up fails with a message naming the topics, their partition counts
/// and the way out (create them beforehand, or pass an <see cref="IInternalTopicManager"/> that can).
/// </summary>
public sealed class AdminClientTopicManager(IAdminClient admin, TimeSpan timeout, short replicationFactor = -1) : IInternalTopicManager
{
    public IReadOnlyDictionary<string, int> PartitionCounts(IReadOnlyCollection<string> topics)
    {
        // Metadata for all topics: asking for one by name would make an auto-creating broker create it.
        var metadata = admin.GetMetadata(timeout);
        var wanted = topics.ToHashSet(StringComparer.Ordinal);
        return metadata.Topics.Where(t => wanted.Contains(t.Topic) && t.Error.Code == ErrorCode.NoError && t.Partitions.Count > 0)
            .ToDictionary(t => t.Topic, t => t.Partitions.Count, StringComparer.Ordinal);
    }

    public void CreateTopics(IReadOnlyCollection<InternalTopicSpec> topics)
    {
        var specifications = topics.Select(t => new TopicSpecification
        {
            Name = t.Name,
            NumPartitions = t.Partitions,
            ReplicationFactor = replicationFactor,
            Configs = t.Compacted ? new Dictionary<string, string> { ["cleanup.policy"] = "compact" } : null,
        }).ToList();
        Exception? failure = null;
        try
        {
            var creation = admin.CreateTopicsAsync(specifications,
                new CreateTopicsOptions { RequestTimeout = timeout, OperationTimeout = timeout });
            if (!creation.Wait(timeout + TimeSpan.FromSeconds(1))) failure = new TimeoutException("CreateTopics timed out");
        }
        catch (AggregateException e) when (e.InnerException is CreateTopicsException created)
        {
            if (created.Results.Any(r => r.Error.Code is not (ErrorCode.NoError or ErrorCode.TopicAlreadyExists)))
                failure = created;
        }
        catch (KafkaException e)
        {
            failure = e;
        }
        if (failure is null) return;
        var present = PartitionCounts(topics.Select(t => t.Name).ToList());
        var absent = topics.Where(t => !present.ContainsKey(t.Name)).ToList();
        if (absent.Count == 0) return;
        throw new StreamsException(
            "The AdminClient could not create the internal topics " +
            string.Join(", ", absent.Select(t => $"{t.Name} ({t.Partitions} partitions)")) +
            $": {failure.Message}. The broker may not support CreateTopics (librdkafka's mock cluster has no controller). " +
            "Create them beforehand or give KafkaStreams an IInternalTopicManager that can create them.", failure);
    }
}
