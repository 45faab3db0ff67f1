using Confluent.Kafka;

namespace SusyTopology.Streams.Runtime;

/// <summary>Kafka Streams' <c>StateRestoreListener</c>: progress of rebuilding a store from its changelog partition.</summary>
public interface IStateRestoreListener
{
    void OnRestoreStart(TopicPartition changelogPartition, string storeName, long startingOffset, long endingOffset);

    void OnBatchRestored(TopicPartition changelogPartition, string storeName, long batchEndOffset, long numRestored);

    void OnRestoreEnd(TopicPartition changelogPartition, string storeName, long totalRestored);
}
