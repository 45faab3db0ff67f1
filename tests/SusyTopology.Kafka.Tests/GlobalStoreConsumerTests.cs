using Confluent.Kafka;
using Microsoft.Extensions.Logging.Abstractions;
using SusyTopology.Kafka.Clients;
using SusyTopology.Kafka.Embedded;

namespace SusyTopology.Kafka.Tests;

/// <summary>
/// The global store consumer's end scan on librdkafka (the mock cluster writes no transaction markers, so the end it
/// finds is the high watermark): partition EOF ends the scan, and the consumer Streamiz restores with is left alone.
/// </summary>
public class GlobalStoreConsumerTests
{
    private static readonly TopicPartition Models = new("models", 0);

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(100)]
    public void The_restore_end_of_a_topic_without_transactions_is_its_high_watermark(int records)
    {
        using var cluster = EmbeddedKafkaCluster.Start(new EmbeddedKafkaOptions { Topics = { ["models"] = 1 } });
        using (var producer = new ProducerBuilder<Null, string>(new ProducerConfig { BootstrapServers = cluster.BootstrapServers }).Build())
        {
            for (var i = 0; i < records; i++) producer.Produce(Models, new Message<Null, string> { Value = $"v{i}" });
            Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(30)));
        }
        var config = new ConsumerConfig { BootstrapServers = cluster.BootstrapServers, GroupId = "app", ClientId = "global" };
        using var consumer = new GlobalStoreConsumer(new ConsumerBuilder<byte[], byte[]>(config).Build(),
            () => new ConsumerBuilder<byte[], byte[]>(GlobalStoreConsumer.ScannerConfig(config)).Build(), NullLogger.Instance);

        var marks = consumer.QueryWatermarkOffsets(Models, TimeSpan.FromSeconds(10));
        using var scanner = new ConsumerBuilder<byte[], byte[]>(GlobalStoreConsumer.ScannerConfig(config)).Build();
        var last = LastReadableRecord.Find(scanner, Models, new WatermarkOffsets(0, records), TimeSpan.FromSeconds(20), TimeProvider.System);

        Assert.Equal(0, marks.Low.Value);
        Assert.Equal(records, marks.High.Value);
        Assert.Empty(consumer.Assignment);
        Assert.Equal(records - 1, last); // the scan reached the end (null if it had not), -1 for an empty partition
        Assert.Empty(scanner.Assignment);
    }
}
