using System.Buffers.Binary;
using System.Diagnostics;
using Confluent.Kafka;
using SusyTopology.App.Configuration;

namespace SusyTopology.App.Loading;

/// <summary>
/// Where a new load's event ids start: after the highest id already in the events topic, so two loads never give
/// different events the same key (predictions, evaluation and the accuracy reports are keyed by it). Loads write ids
/// in increasing order, so each partition's newest records hold its highest ids; a few are read per partition because
/// the newest may be a record with a key that is not an id (what the dead-letter path is for).
/// </summary>
public static class EventIds
{
    private const int RecordsPerPartition = 16;

    public static long NextFree(KafkaSettings kafka, string topic, TimeSpan timeout)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(kafka.Consumer("susy-load-ids", "susy-load-ids")).Build();
        var partitions = new List<TopicPartitionOffset>();
        using (var admin = new DependentAdminClientBuilder(consumer.Handle).Build())
        {
            var metadata = admin.GetMetadata(topic, timeout).Topics.SingleOrDefault(t => t.Topic == topic);
            if (metadata == null || metadata.Error.IsError) return 1;
            foreach (var p in metadata.Partitions)
            {
                var tp = new TopicPartition(topic, p.PartitionId);
                var marks = consumer.QueryWatermarkOffsets(tp, timeout);
                if (marks.High.Value > marks.Low.Value)
                    partitions.Add(new TopicPartitionOffset(tp, Math.Max(marks.Low.Value, marks.High.Value - RecordsPerPartition)));
            }
        }
        if (partitions.Count == 0) return 1;
        consumer.Assign(partitions);
        var highest = 0L;
        var waiting = partitions.Select(p => p.TopicPartition).ToHashSet();
        var elapsed = Stopwatch.StartNew();
        while (waiting.Count > 0 && elapsed.Elapsed < timeout)
        {
            var record = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (record == null) continue;
            if (record.IsPartitionEOF)
            {
                waiting.Remove(record.TopicPartition);
                continue;
            }
            if (record.Message.Key is { Length: 8 } key) highest = Math.Max(highest, BinaryPrimitives.ReadInt64BigEndian(key));
        }
        if (waiting.Count > 0)
            throw new TimeoutException($"Could not read the newest records of {topic} within {timeout.TotalSeconds:N0} s to find its highest event id.");
        return highest + 1;
    }
}
