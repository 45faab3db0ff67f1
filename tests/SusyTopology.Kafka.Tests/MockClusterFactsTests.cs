using Confluent.Kafka;
using SusyTopology.Kafka.Embedded;

namespace SusyTopology.Kafka.Tests;

/// <summary>
/// The librdkafka mock-cluster behaviours the README states and the app is designed around, checked so that a
/// librdkafka upgrade that changes them is noticed.
/// </summary>
public class MockClusterFactsTests
{
    [Fact]
    public void A_metadata_request_for_an_unknown_topic_creates_it_with_four_partitions()
    {
        using var cluster = EmbeddedKafkaCluster.Start();
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = cluster.BootstrapServers }).Build();
        var metadata = admin.GetMetadata("never-declared", TimeSpan.FromSeconds(10));
        Assert.Equal(4, metadata.Topics.Single().Partitions.Count);
    }

    [Fact]
    public void A_partition_keeps_only_its_newest_few_mebibytes()
    {
        const string topic = "retention";
        using var cluster = EmbeddedKafkaCluster.Start(new EmbeddedKafkaOptions { Topics = { [topic] = 1 } });
        using (var producer = new ProducerBuilder<Null, byte[]>(new ProducerConfig { BootstrapServers = cluster.BootstrapServers, LingerMs = 5 }).Build())
        {
            var payload = new byte[1024];
            for (var i = 0; i < 12 * 1024; i++) // 12 MiB into one partition
            {
                while (true)
                {
                    try { producer.Produce(topic, new Message<Null, byte[]> { Value = payload }); break; }
                    catch (ProduceException<Null, byte[]> e) when (e.Error.Code == ErrorCode.Local_QueueFull) { producer.Poll(TimeSpan.FromMilliseconds(20)); }
                }
            }
            Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(60)));
        }
        using var consumer = new ConsumerBuilder<Null, byte[]>(new ConsumerConfig { BootstrapServers = cluster.BootstrapServers, GroupId = "w" }).Build();
        var marks = consumer.QueryWatermarkOffsets(new TopicPartition(topic, 0), TimeSpan.FromSeconds(10));
        Assert.Equal(12 * 1024, marks.High.Value);
        Assert.True(marks.Low.Value > 0, "the oldest data should have been dropped");
        var keptMiB = (marks.High.Value - marks.Low.Value) / 1024.0;
        Assert.InRange(keptMiB, 3, 8); // ~5 MiB of 1 KiB records
    }
}
