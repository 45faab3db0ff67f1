using Confluent.Kafka;

namespace SusyTopology.App.Evaluation;

/// <summary>
/// Reads every partition of a topic from the beginning to its current end, without joining a consumer group (so it
/// never disturbs the app's group and needs no rebalance: instant on the embedded cluster too).
/// </summary>
internal static class TopicReader
{
    public static IEnumerable<ConsumeResult<TKey, TValue>> ReadAll<TKey, TValue>(ConsumerConfig config, string topic,
        IDeserializer<TKey> keys, IDeserializer<TValue> values, TimeSpan timeout, CancellationToken ct = default)
    {
        var settings = new ConsumerConfig(config.ToDictionary(kv => kv.Key, kv => kv.Value))
        {
            EnablePartitionEof = true,
            EnableAutoCommit = false,
            GroupId = config.GroupId ?? "susy-reader",
        };
        using var consumer = new ConsumerBuilder<TKey, TValue>(settings).SetKeyDeserializer(keys).SetValueDeserializer(values).Build();
        using var admin = new DependentAdminClientBuilder(consumer.Handle).Build();
        var metadata = admin.GetMetadata(timeout).Topics.SingleOrDefault(t => t.Topic == topic)
                       ?? throw new InvalidOperationException($"Topic '{topic}' does not exist.");
        var partitions = metadata.Partitions.Select(p => new TopicPartition(topic, p.PartitionId)).ToList();
        // Partitions that are empty right now are done before we start.
        var pending = partitions.Where(tp => consumer.QueryWatermarkOffsets(tp, timeout) is var w && w.High.Value > w.Low.Value).ToHashSet();
        if (pending.Count == 0) yield break;
        consumer.Assign(pending.Select(tp => new TopicPartitionOffset(tp, Offset.Beginning)));
        var deadline = DateTime.UtcNow + timeout;
        while (pending.Count > 0 && !ct.IsCancellationRequested)
        {
            var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (result == null)
            {
                if (DateTime.UtcNow > deadline) throw new TimeoutException($"Reading {topic}: no data for {timeout.TotalSeconds:N0} s.");
                continue;
            }
            deadline = DateTime.UtcNow + timeout;
            if (result.IsPartitionEOF)
            {
                pending.Remove(result.TopicPartition);
                continue;
            }
            yield return result;
        }
        consumer.Close();
    }
}
