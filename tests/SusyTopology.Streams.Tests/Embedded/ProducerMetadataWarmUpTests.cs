using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using SusyTopology.Streams.Runtime;
using SusyTopology.Streams.Tests.InMemoryKafka;

namespace SusyTopology.Streams.Tests.Embedded;

/// <summary>
/// A stream thread's producer looks up its output topics before the first send. Without it librdkafka learns a topic
/// it has not produced to only on its once-a-second scan of unknown topics, so the first record to each topic (and the
/// commit that flushes it) waited up to a second: 0.7–0.9 s measured per new topic in the app benchmark.
/// </summary>
public sealed class ProducerMetadataWarmUpTests : IDisposable
{
    private readonly EmbeddedStreamsHarness _harness = new(brokers: 1, new Dictionary<string, int> { ["out-a"] = 2, ["out-b"] = 1 });

    public void Dispose() => _harness.Dispose();

    private StreamsProducer Producer() => new(new DefaultKafkaSupplier(),
        new ProducerConfig { BootstrapServers = _harness.Cluster.BootstrapServers, EnableIdempotence = true, LingerMs = 5 },
        ProcessingGuarantee.AtLeastOnce, TimeSpan.FromSeconds(10));

    [Fact]
    public void The_first_record_to_a_warmed_up_topic_is_delivered_without_waiting_for_the_unknown_topic_scan()
    {
        using var producer = Producer();
        Assert.Equal(2, producer.WarmUpMetadata(["out-a", "out-b"], TimeSpan.FromSeconds(5)));

        // Sent right after the client was created: its first scan of unknown topics is ~1 s away, so a producer that
        // had not looked the topic up would hold this record for most of that second.
        var sent = Stopwatch.StartNew();
        DeliveryReport<byte[], byte[]>? report = null;
        producer.Send(new TopicPartition("out-b", 0), new Message<byte[], byte[]> { Value = Encoding.UTF8.GetBytes("x") }, r => report = r);
        producer.Flush();

        Assert.NotNull(report);
        Assert.False(report!.Error.IsError, report.Error.Reason);
        Assert.True(sent.Elapsed < TimeSpan.FromMilliseconds(500), $"first delivery took {sent.Elapsed.TotalMilliseconds:N0} ms");
    }

    [Fact]
    public void A_client_without_a_librdkafka_handle_has_nothing_to_warm_up()
    {
        var process = new InMemoryKafkaSupplier(new InMemoryKafkaCluster(), "p");
        using var producer = new StreamsProducer(process, new ProducerConfig(), ProcessingGuarantee.AtLeastOnce, TimeSpan.FromSeconds(1));

        Assert.Equal(0, producer.WarmUpMetadata(["out"], TimeSpan.FromSeconds(1)));
    }
}
