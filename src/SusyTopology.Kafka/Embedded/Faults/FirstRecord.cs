using Confluent.Kafka;

namespace SusyTopology.Kafka.Embedded.Faults;

/// <summary>Waits for a topic's first record: what starts a fault schedule, so that its faults meet the stream.</summary>
public static class FirstRecord
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);

    /// <summary>Returns once any partition of <paramref name="topic"/> holds a record (watermarks, no group).</summary>
    public static async Task WaitAsync(string bootstrapServers, string topic, int partitions, TimeProvider time, CancellationToken ct)
    {
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = "susy-fault-schedule", // never joins: watermark queries only
            ClientId = "susy-fault-schedule",
            LogConnectionClose = false,
        }).Build();
        while (true)
        {
            for (var p = 0; p < partitions; p++)
            {
                ct.ThrowIfCancellationRequested();
                try
                {
                    if (consumer.QueryWatermarkOffsets(new TopicPartition(topic, p), TimeSpan.FromSeconds(2)).High > 0) return;
                }
                catch (KafkaException)
                {
                    // Not answered in time: ask again on the next round.
                }
            }
            await Task.Delay(Poll, time, ct);
        }
    }
}
