using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace SusyTopology.Kafka.Clients;

/// <summary>
/// The consumer of Streamiz's global store thread, mended for topics written in transactions (the models topic under
/// exactly-once). Streamiz 1.8.2 restores a global store at start-up by reading until it has been handed the record at
/// high watermark - 1 (<c>GlobalStateManager.RestoreState</c> follows record offsets only). On a transactional topic
/// that offset holds a commit marker, or an aborted record, which no consumer ever returns, so the restore, and the
/// app's start, waited for ever (Kafka Streams fixed the same loop in KAFKA-6190 by reading the consumer's position).
/// Here the high watermark Streamiz asks for is one past the last record this consumer can read
/// (<see cref="LastReadableRecord"/>), found with a second consumer that reports the partition's end.
/// Streamiz also seeks each partition right after assigning it at the same offset; librdkafka may refuse a seek on a
/// partition whose fetcher has not started yet ("Local: Erroneous state", confluent-kafka-dotnet issue 1061), which
/// failed the app's start once in CI. The assignment already put the partition there, so that refusal is ignored.
/// </summary>
public sealed class GlobalStoreConsumer(IConsumer<byte[], byte[]> inner, Func<IConsumer<byte[], byte[]>> newScanner, ILogger logger,
    TimeProvider? time = null) : DelegatingConsumer(inner)
{
    /// <summary>How long the scan may take before Streamiz gets the broker's answer unchanged.</summary>
    public static readonly TimeSpan ScanPatience = TimeSpan.FromSeconds(30);

    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly Dictionary<TopicPartition, Offset> _assignedAt = [];

    /// <summary>A consumer configuration like <paramref name="config"/> that reports the end of each partition.</summary>
    public static ConsumerConfig ScannerConfig(ConsumerConfig config) =>
        new(config.ToDictionary(kv => kv.Key, kv => kv.Value))
        {
            EnablePartitionEof = true,
            ClientId = (config.ClientId ?? "global") + "-end-scan",
        };

    public override void Assign(IEnumerable<TopicPartitionOffset> partitions)
    {
        var list = partitions.ToList();
        Inner.Assign(list);
        _assignedAt.Clear();
        foreach (var partition in list) _assignedAt[partition.TopicPartition] = partition.Offset;
    }

    public override void Assign(TopicPartitionOffset partition) => Assign([partition]);

    public override void Assign(IEnumerable<TopicPartition> partitions)
    {
        _assignedAt.Clear();
        Inner.Assign(partitions);
    }

    public override void Assign(TopicPartition partition) => Assign([partition]);

    public override void Seek(TopicPartitionOffset tpo)
    {
        try
        {
            Inner.Seek(tpo);
        }
        catch (KafkaException e) when (e.Error.Code == ErrorCode.Local_State
            && _assignedAt.TryGetValue(tpo.TopicPartition, out var assigned) && assigned == tpo.Offset)
        {
            logger.LogDebug("The seek of {Partition} to {Offset}, where it was just assigned, was refused ({Reason}); the assignment stands",
                tpo.TopicPartition, tpo.Offset, e.Error.Reason);
        }
    }

    public override WatermarkOffsets QueryWatermarkOffsets(TopicPartition topicPartition, TimeSpan timeout)
    {
        var marks = Inner.QueryWatermarkOffsets(topicPartition, timeout);
        if (marks.High.Value <= marks.Low.Value) return marks;
        long? last;
        using (var scanner = newScanner())
            last = LastReadableRecord.Find(scanner, topicPartition, marks, ScanPatience, _time);
        if (last is null)
        {
            logger.LogWarning("The end of {Partition} was not reached within {Patience}; the global store's restore may wait",
                topicPartition, ScanPatience);
            return marks;
        }
        var end = last.Value < 0 ? marks.Low.Value : last.Value + 1;
        if (end != marks.High.Value)
            logger.LogDebug("{Partition}: the last readable record is at {Last}, the high watermark {High}", topicPartition, last, marks.High.Value);
        return new WatermarkOffsets(marks.Low, new Offset(end));
    }
}
