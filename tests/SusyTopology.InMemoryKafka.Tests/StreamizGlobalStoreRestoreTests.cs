using Confluent.Kafka;
using Streamiz.Kafka.Net;
using Streamiz.Kafka.Net.SerDes;
using Streamiz.Kafka.Net.Stream;
using Streamiz.Kafka.Net.Table;
using static SusyTopology.InMemoryKafka.Tests.TestMessages;

namespace SusyTopology.InMemoryKafka.Tests;

/// <summary>
/// A Streamiz 1.8.2 bug the transaction markers expose: its global store restore (GlobalStateManager.RestoreState)
/// reads until a delivered record's offset reaches the high watermark - 1, and on a topic written in transactions the
/// entry there is a commit marker, which no consumer delivers. The restore, run inside <c>KafkaStream.StartAsync</c>,
/// then polls forever; it ends only when a record lands past the marker. (Kafka Streams fixed the same loop in
/// KAFKA-6190 by ending on the consumer's position.) A SUSY process restarted on a real broker would hang so on the
/// models topic, which its learner writes under exactly-once.
/// </summary>
public sealed class StreamizGlobalStoreRestoreTests
{
    private const string Globals = "globals";

    [Fact]
    public async Task AGlobalStoreOverATransactionalTopicFinishesRestoringOnlyWhenARecordFollowsTheLastMarker()
    {
        using var harness = new StreamizHarness(ProcessingGuarantee.EXACTLY_ONCE);
        harness.Cluster.CreateTopic(Globals, 1);
        var writer = new InMemoryKafkaSupplier(harness.Cluster, "writer");
        using (var producer = writer.GetProducer(new ProducerConfig { TransactionalId = "globals-writer" }))
        {
            producer.InitTransactions(TimeSpan.FromSeconds(1));
            producer.BeginTransaction();
            for (var i = 0; i < 3; i++) producer.Produce(Globals, Msg($"k{i}", $"v{i}"));
            producer.CommitTransaction();
        }
        var instance = harness.Create("a", Topology());

        var starting = instance.StartAsync();
        // Records at 0-2, the marker at 3, the high watermark 4: restoring three records takes milliseconds.
        Assert.NotSame(starting, await Task.WhenAny(starting, Task.Delay(TimeSpan.FromSeconds(2))));

        using (var plain = writer.GetProducer(new ProducerConfig())) plain.Produce(Globals, Msg("k3", "past the marker"));
        Assert.Same(starting, await Task.WhenAny(starting, Task.Delay(TimeSpan.FromSeconds(20))));
        await starting;
    }

    /// <summary>A global table over <see cref="Globals"/> beside a pass-through stream (a topology needs a task).</summary>
    private static Topology Topology()
    {
        var builder = new StreamBuilder();
        builder.GlobalTable(Globals, new StringSerDes(), new StringSerDes(), InMemory.As<string, string>("globals-store"));
        builder.Stream(CountingTopology.Input, new StringSerDes(), new StringSerDes()).To(CountingTopology.Output, new StringSerDes(), new StringSerDes());
        return builder.Build();
    }
}
