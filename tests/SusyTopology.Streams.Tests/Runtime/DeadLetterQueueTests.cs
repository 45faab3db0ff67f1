using System.Text;
using Confluent.Kafka;
using SusyTopology.Streams.Kstream;
using SusyTopology.Streams.Processor.Api;
using SusyTopology.Streams.Runtime;
using SusyTopology.Streams.Tests.ExactlyOnce;
using SusyTopology.Streams.Tests.InMemoryKafka;

namespace SusyTopology.Streams.Tests.Runtime;

/// <summary>Under exactly-once, an unreadable record goes to the dead-letter topic in the same transaction and the rest flows on.</summary>
public sealed class DeadLetterQueueTests
{
    [Fact]
    public void AnUnreadableRecordLandsInTheDeadLetterTopicWithItsOriginInHeaders()
    {
        var cluster = new InMemoryKafkaCluster();
        cluster.CreateTopic("in", 1);
        cluster.CreateTopic("out", 1);
        cluster.CreateTopic("dlq", 1);
        var writer = new InMemoryKafkaSupplier(cluster, "writer").GetProducer(new ProducerConfig());
        foreach (var value in new byte[][] { BitConverter.GetBytes(7L), Encoding.UTF8.GetBytes("bad"), BitConverter.GetBytes(8L) })
            writer.Produce("in", new Message<byte[], byte[]> { Key = [1], Value = value, Timestamp = new Timestamp(1, TimestampType.CreateTime) });
        var builder = new StreamsBuilder();
        builder.Stream("in", Consumed.With(Serdes.ByteArray(), Serdes.Int64()))
            .To("out", Produced.With(Serdes.ByteArray(), Serdes.Int64()));
        var stateDir = Path.Combine(Path.GetTempPath(), "dlq-" + Guid.NewGuid().ToString("N"));
        using var streams = new KafkaStreams(builder.Build(), new StreamsConfig
        {
            ApplicationId = "dlq-app",
            BootstrapServers = "in-memory",
            ProcessingGuarantee = ProcessingGuarantee.ExactlyOnceV2,
            PollTimeout = TimeSpan.FromMilliseconds(10),
            StateDir = stateDir,
            DeserializationExceptionHandler = new DeadLetterQueueExceptionHandler("dlq"),
        }, new KafkaStreamsOptions { KafkaSupplier = new InMemoryKafkaSupplier(cluster, "app"), TopicManager = new InMemoryTopicManager(cluster) });
        streams.Start();

        EosHarness.WaitUntil(() => cluster.Read("out").Count == 2 && cluster.Read("dlq").Count == 1, TimeSpan.FromSeconds(20),
            "two good records out and one in the dead-letter topic");

        var dead = Assert.Single(cluster.Read("dlq"));
        Assert.Equal("bad", Encoding.UTF8.GetString(dead.Value!));
        Assert.Equal("in", Encoding.UTF8.GetString(dead.Headers.GetLastBytes(DeadLetterQueueExceptionHandler.TopicHeader)));
        Assert.Equal("1", Encoding.UTF8.GetString(dead.Headers.GetLastBytes(DeadLetterQueueExceptionHandler.OffsetHeader)));
        Assert.Equal(KafkaStreamsState.Running, streams.State);
        streams.Close(TimeSpan.FromSeconds(10));
        if (Directory.Exists(stateDir)) Directory.Delete(stateDir, recursive: true);
    }
}
