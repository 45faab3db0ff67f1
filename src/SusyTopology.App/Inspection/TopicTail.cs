using Confluent.Kafka;
using Confluent.SchemaRegistry;

namespace SusyTopology.App.Inspection;

/// <summary>What to read with <see cref="TopicTail"/>.</summary>
public sealed record TailSettings
{
    public required string Topic { get; init; }

    /// <summary>Read what the topic holds, then stop once every partition is caught up; otherwise only new records.</summary>
    public bool FromBeginning { get; init; }

    /// <summary>Stop after printing this many records.</summary>
    public long? Max { get; init; }

    /// <summary>Stop when no record arrives for this long (kafka-console-consumer's --timeout-ms).</summary>
    public TimeSpan? Timeout { get; init; }

    public TailFormat Format { get; init; } = new();
}

/// <summary>Why a tail stopped.</summary>
public enum TailStop
{
    /// <summary>Every partition reached its end (--from-beginning).</summary>
    CaughtUp,
    MaxReached,
    TimedOut,
    Cancelled,
}

public sealed record TailResult(long Records, TailStop Stop);

/// <summary>
/// `susy tail`: prints a topic's records, one JSON line each, decoded through the Schema Registry. It assigns every
/// partition itself instead of joining a consumer group, so it never triggers a rebalance of the app's group, starts
/// instantly (even on the embedded cluster, whose group joins take seconds) and commits nothing. It reads
/// read_committed, so records of aborted transactions never show.
/// </summary>
public sealed class TopicTail(ConsumerConfig consumerConfig, ISchemaRegistryClient registry)
{
    private static readonly TimeSpan MetadataTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    public TailResult Run(TailSettings settings, TextWriter output, CancellationToken ct = default)
    {
        var config = new ConsumerConfig(consumerConfig.ToDictionary(kv => kv.Key, kv => kv.Value))
        {
            GroupId = consumerConfig.GroupId ?? "susy-tail", // required by the client; never joined, never committed
            EnableAutoCommit = false,
            EnablePartitionEof = true,
            IsolationLevel = IsolationLevel.ReadCommitted,
        };
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(config)
            .SetKeyDeserializer(Deserializers.ByteArray)
            .SetValueDeserializer(Deserializers.ByteArray)
            .Build();
        var partitions = Partitions(consumer, settings.Topic);
        var formatter = new TailRecordFormatter(new SchemaRegistryValueDecoder(registry), settings.Format);

        HashSet<TopicPartition> pending;
        if (settings.FromBeginning)
        {
            // Partitions empty right now are caught up before we start.
            pending = partitions.Where(tp => consumer.QueryWatermarkOffsets(tp, MetadataTimeout) is var w && w.High.Value > w.Low.Value).ToHashSet();
            if (pending.Count == 0) return new TailResult(0, TailStop.CaughtUp);
            consumer.Assign(pending.Select(tp => new TopicPartitionOffset(tp, Offset.Beginning)));
        }
        else
        {
            pending = [];
            consumer.Assign(partitions.Select(tp => new TopicPartitionOffset(tp, Offset.End)));
        }

        long printed = 0;
        var lastActivity = DateTime.UtcNow;
        try
        {
            while (true)
            {
                if (ct.IsCancellationRequested) return new TailResult(printed, TailStop.Cancelled);
                if (printed >= settings.Max) return new TailResult(printed, TailStop.MaxReached);
                var result = consumer.Consume(PollInterval);
                if (result == null)
                {
                    if (settings.Timeout is { } idle && DateTime.UtcNow - lastActivity > idle) return new TailResult(printed, TailStop.TimedOut);
                    continue;
                }
                if (result.IsPartitionEOF)
                {
                    if (settings.FromBeginning && pending.Remove(result.TopicPartition) && pending.Count == 0)
                        return new TailResult(printed, TailStop.CaughtUp);
                    continue;
                }
                lastActivity = DateTime.UtcNow;
                output.WriteLine(formatter.Format(result));
                output.Flush(); // a live tail is read as it happens
                printed++;
            }
        }
        finally
        {
            consumer.Close();
        }
    }

    private static List<TopicPartition> Partitions(IConsumer<byte[]?, byte[]?> consumer, string topic)
    {
        using var admin = new DependentAdminClientBuilder(consumer.Handle).Build();
        // Metadata for all topics: asking for one by name would auto-create it on brokers that allow that.
        var metadata = admin.GetMetadata(MetadataTimeout).Topics.SingleOrDefault(t => t.Topic == topic);
        if (metadata == null || metadata.Partitions.Count == 0)
            throw new InvalidOperationException($"Topic '{topic}' does not exist.");
        return metadata.Partitions.Select(p => new TopicPartition(topic, p.PartitionId)).OrderBy(tp => tp.Partition.Value).ToList();
    }
}
