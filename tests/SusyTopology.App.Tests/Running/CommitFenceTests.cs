using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Logging.Abstractions;
using Streamiz.Kafka.Net;
using Streamiz.Kafka.Net.SerDes;
using SusyTopology.App.Running;
using SusyTopology.App.Tests.ExactlyOnce;
using SusyTopology.InMemoryKafka;
using SusyTopology.Kafka.Clients;

namespace SusyTopology.App.Tests.Running;

/// <summary>
/// After a failed delivery a process commits no input offsets, so under at_least_once the input whose output was lost
/// is processed again by whoever takes over; Streamiz 1.8.2 alone commits past it on its way down.
/// </summary>
public sealed class CommitFenceTests
{
    private const int Records = 200;
    private static readonly TopicPartition Input = new("input", 0);

    [Fact]
    public void A_failed_delivery_closes_the_fence_and_commits_are_refused_from_then_on()
    {
        var cluster = new InMemoryKafkaCluster();
        cluster.CreateTopic("input", 1);
        cluster.CreateTopic("output", 1);
        var process = new InMemoryKafkaSupplier(cluster, "p");
        var fence = new CommitFence(NullLogger.Instance);
        using var producer = fence.Watch(process.GetProducer(new ProducerConfig()));
        using var consumer = fence.Guard(process.GetConsumer(new ConsumerConfig { GroupId = "g" }, null));
        cluster.Faults.Arm(CommitStep.BeforeProduce, FaultKind.DeliveryError, skip: 1);

        producer.Produce("output", Message("delivered"));
        consumer.Commit([new TopicPartitionOffset(Input, 1)]);
        producer.Produce("output", Message("lost"));
        Assert.Null(fence.Reason); // the report has not arrived yet
        producer.Flush(TimeSpan.FromSeconds(1));

        Assert.Contains("output", fence.Reason);
        var refused = Assert.Throws<KafkaException>(() => consumer.Commit([new TopicPartitionOffset(Input, 2)]));
        Assert.Contains("failed delivery", refused.Error.Reason);
        Assert.Equal(1, cluster.CommittedOffset("g", Input));
    }

    [Fact]
    public async Task A_failed_ProduceAsync_closes_the_fence()
    {
        var cluster = new InMemoryKafkaCluster();
        var process = new InMemoryKafkaSupplier(cluster, "p");
        var fence = new CommitFence(NullLogger.Instance);
        using var producer = fence.Watch(process.GetProducer(new ProducerConfig()));
        cluster.Faults.Arm(CommitStep.BeforeProduce, FaultKind.DeliveryError);

        await Assert.ThrowsAsync<ProduceException<byte[], byte[]>>(() => producer.ProduceAsync("output", Message("lost")));

        Assert.NotNull(fence.Reason);
    }

    /// <summary>
    /// Streamiz under at_least_once, one output delivery failing: the instance stops, a new one takes over, and every
    /// input has an output (some twice). Without the fence one input has none (Streamiz committed past it).
    /// </summary>
    [Fact]
    public async Task Under_at_least_once_every_input_has_an_output_after_a_failed_delivery()
    {
        var cluster = new InMemoryKafkaCluster();
        cluster.CreateTopic("input", 1);
        cluster.CreateTopic("output", 1);
        using (var loader = new InMemoryKafkaSupplier(cluster, "loader").GetProducer(new ProducerConfig()))
            for (var i = 0; i < Records; i++) loader.Produce("input", Message($"v{i}"));
        cluster.Faults.Arm(CommitStep.BeforeProduce, FaultKind.DeliveryError, skip: Records / 4, topic: "output");
        var stateDir = Directory.CreateTempSubdirectory("susy-fence-").FullName;

        var failed = false;
        var first = new InMemoryKafkaSupplier(cluster, "a");
        using (Start(first, stateDir, now => failed |= now == KafkaStream.State.ERROR))
        {
            await EosTopologyHarness.WaitUntilAsync(() => failed, "the failed delivery to stop the first instance");
            first.ExpireSessions(); // its failed thread never leaves the group
        }
        using (Start(new InMemoryKafkaSupplier(cluster, "b"), stateDir, _ => { }))
            await EosTopologyHarness.WaitUntilAsync(() => cluster.CommittedOffset("app", Input) == Records, "the second instance to commit every input");

        var outputs = cluster.Read("output").Select(e => Encoding.UTF8.GetString(e.Value!)).ToHashSet();
        Assert.Equal(Enumerable.Range(0, Records).Select(i => $"v{i}").Order(), outputs.Order());
        Directory.Delete(stateDir, recursive: true);
    }

    private static KafkaStream Start(InMemoryKafkaSupplier process, string stateDir, Action<KafkaStream.State> onState)
    {
        var builder = new StreamBuilder();
        builder.Stream<string, string, StringSerDes, StringSerDes>("input").To("output");
        var config = new StreamConfig<StringSerDes, StringSerDes>
        {
            ApplicationId = "app",
            BootstrapServers = "in-memory:9092",
            Guarantee = ProcessingGuarantee.AT_LEAST_ONCE,
            CommitIntervalMs = 0,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            PollMs = 20,
            MaxPollRecords = 10,
            StateDir = Path.Combine(stateDir, process.Name),
            Logger = NullLoggerFactory.Instance,
        };
        var stream = new KafkaStream(builder.Build(), config, new MendedKafkaSupplier(process, NullLogger.Instance));
        stream.StateChanged += (_, now) => onState(now);
        stream.StartAsync().GetAwaiter().GetResult();
        return stream;
    }

    private static Message<byte[], byte[]> Message(string value) =>
        new() { Key = Encoding.UTF8.GetBytes("k"), Value = Encoding.UTF8.GetBytes(value) };
}
