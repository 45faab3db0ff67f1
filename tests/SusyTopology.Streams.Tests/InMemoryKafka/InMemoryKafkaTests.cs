using System.Text;
using Confluent.Kafka;
using SusyTopology.Streams.Runtime;

namespace SusyTopology.Streams.Tests.InMemoryKafka;

/// <summary>The double's Kafka semantics, checked directly: the exactly-once proof is only as good as these.</summary>
public sealed class InMemoryKafkaTests
{
    private static Message<byte[], byte[]> Msg(string key, string value) =>
        new() { Key = Encoding.UTF8.GetBytes(key), Value = Encoding.UTF8.GetBytes(value), Timestamp = new Timestamp(1, TimestampType.CreateTime) };

    private static string Value(ConsumeResult<byte[], byte[]> r) => Encoding.UTF8.GetString(r.Message.Value);

    private static List<string> Drain(IConsumer<byte[], byte[]> consumer)
    {
        var values = new List<string>();
        while (consumer.Consume(TimeSpan.FromMilliseconds(30)) is { } r)
            if (!r.IsPartitionEOF) values.Add(Value(r));
        return values;
    }

    private static ConsumerConfig Reader(IsolationLevel isolation) =>
        new() { GroupId = "reader", IsolationLevel = isolation, AutoOffsetReset = AutoOffsetReset.Earliest };

    [Fact]
    public void ReadCommittedStopsAtOpenTransactionsAndSkipsAbortedOnes()
    {
        var cluster = new InMemoryKafkaCluster();
        cluster.CreateTopic("t", 1);
        var process = new InMemoryKafkaSupplier(cluster, "p");
        var tx = process.GetProducer(new ProducerConfig { TransactionalId = "tx" });
        var plain = process.GetProducer(new ProducerConfig());
        tx.InitTransactions(TimeSpan.FromSeconds(1));

        tx.BeginTransaction();
        tx.Produce("t", Msg("k", "aborted"));
        tx.AbortTransaction();
        tx.BeginTransaction();
        tx.Produce("t", Msg("k", "committed"));
        tx.CommitTransaction();
        tx.BeginTransaction();
        tx.Produce("t", Msg("k", "open"));
        plain.Produce("t", Msg("k", "after-open"));

        var committed = process.GetConsumer(Reader(IsolationLevel.ReadCommitted), NoListener.Instance);
        committed.Assign(new TopicPartition("t", 0));
        var uncommitted = process.GetConsumer(Reader(IsolationLevel.ReadUncommitted), NoListener.Instance);
        uncommitted.Assign(new TopicPartition("t", 0));

        Assert.Equal(["committed"], Drain(committed));
        Assert.Equal(["aborted", "committed", "open", "after-open"], Drain(uncommitted));
        Assert.Equal(2, committed.QueryWatermarkOffsets(new TopicPartition("t", 0), TimeSpan.Zero).High.Value);

        tx.CommitTransaction();
        Assert.Equal(["open", "after-open"], Drain(committed));
    }

    [Fact]
    public void OffsetsSentToATransactionBecomeVisibleOnlyWhenItCommits()
    {
        var cluster = new InMemoryKafkaCluster();
        cluster.CreateTopic("in", 1);
        var process = new InMemoryKafkaSupplier(cluster, "p");
        var consumer = process.GetConsumer(new ConsumerConfig { GroupId = "g" }, NoListener.Instance);
        consumer.Subscribe("in");
        Assert.Null(consumer.Consume(TimeSpan.FromMilliseconds(50)));
        var producer = process.GetProducer(new ProducerConfig { TransactionalId = "tx" });
        producer.InitTransactions(TimeSpan.FromSeconds(1));
        var tp = new TopicPartition("in", 0);

        producer.BeginTransaction();
        producer.SendOffsetsToTransaction([new TopicPartitionOffset(tp, 5)], consumer.ConsumerGroupMetadata, TimeSpan.FromSeconds(1));
        Assert.Null(cluster.CommittedOffset("g", tp));
        producer.AbortTransaction();
        Assert.Null(cluster.CommittedOffset("g", tp));

        producer.BeginTransaction();
        producer.SendOffsetsToTransaction([new TopicPartitionOffset(tp, 7)], consumer.ConsumerGroupMetadata, TimeSpan.FromSeconds(1));
        producer.CommitTransaction();
        Assert.Equal(7, cluster.CommittedOffset("g", tp));
    }

    [Fact]
    public void ANewEpochFencesTheOldProducerAndAbortsItsOpenTransaction()
    {
        var cluster = new InMemoryKafkaCluster();
        cluster.CreateTopic("t", 1);
        var process = new InMemoryKafkaSupplier(cluster, "p");
        var zombie = process.GetProducer(new ProducerConfig { TransactionalId = "tx" });
        zombie.InitTransactions(TimeSpan.FromSeconds(1));
        zombie.BeginTransaction();
        zombie.Produce("t", Msg("k", "zombie"));

        var successor = process.GetProducer(new ProducerConfig { TransactionalId = "tx" });
        successor.InitTransactions(TimeSpan.FromSeconds(1));

        var fenced = Assert.Throws<KafkaException>(() => zombie.CommitTransaction());
        Assert.True(StreamsProducer.IsFencing(fenced.Error));
        Assert.Empty(cluster.Read("t"));
        Assert.Single(cluster.Read("t", readCommitted: false));
    }

    [Fact]
    public void AJoiningMemberTriggersRevocationThenASplitAssignment()
    {
        var cluster = new InMemoryKafkaCluster();
        cluster.CreateTopic("t", 4);
        var process = new InMemoryKafkaSupplier(cluster, "p");
        var first = new RecordingListener();
        var second = new RecordingListener();
        var a = process.GetConsumer(new ConsumerConfig { GroupId = "g", ClientId = "a" }, first);
        a.Subscribe("t");
        a.Consume(TimeSpan.FromMilliseconds(50));
        Assert.Equal(4, a.Assignment.Count);

        var b = process.GetConsumer(new ConsumerConfig { GroupId = "g", ClientId = "b" }, second);
        b.Subscribe("t");
        // A's stale generation may still commit until it rejoins.
        a.Commit([new TopicPartitionOffset(new TopicPartition("t", 0), 1)]);
        // A dedicated thread: a starved thread pool on two cores may start a task only after the poll below ends.
        var polls = new Thread(() => b.Consume(TimeSpan.FromSeconds(1)));
        polls.Start();
        a.Consume(TimeSpan.FromSeconds(1));
        polls.Join();

        Assert.Equal(4, first.Revoked.Single().Count);
        Assert.Equal(2, first.Assigned.Count);
        Assert.Equal(2, b.Assignment.Count);
        Assert.Equal(2, a.Assignment.Count);
        Assert.Equal(2, b.Assignment.Count);
        Assert.Empty(a.Assignment.Intersect(b.Assignment));
        var stale = new InMemoryGroupMetadata("g", a.MemberId, 1);
        var producer = process.GetProducer(new ProducerConfig { TransactionalId = "tx" });
        producer.InitTransactions(TimeSpan.FromSeconds(1));
        producer.BeginTransaction();
        Assert.Throws<KafkaTxnRequiresAbortException>(() => producer.SendOffsetsToTransaction(
            [new TopicPartitionOffset(new TopicPartition("t", 0), 2)], stale, TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void ACrashedProcessLeavesItsGroupAndItsOpenTransactionAborts()
    {
        var cluster = new InMemoryKafkaCluster();
        cluster.CreateTopic("t", 2);
        var doomed = new InMemoryKafkaSupplier(cluster, "doomed");
        var survivor = new InMemoryKafkaSupplier(cluster, "survivor");
        var producer = doomed.GetProducer(new ProducerConfig { TransactionalId = "tx" });
        producer.InitTransactions(TimeSpan.FromSeconds(1));
        producer.BeginTransaction();
        producer.Produce("t", Msg("k", "lost"));
        var a = doomed.GetConsumer(new ConsumerConfig { GroupId = "g" }, NoListener.Instance);
        a.Subscribe("t");
        a.Consume(TimeSpan.FromMilliseconds(50));

        doomed.Crash();
        var b = survivor.GetConsumer(new ConsumerConfig { GroupId = "g" }, NoListener.Instance);
        b.Subscribe("t");
        b.Consume(TimeSpan.FromMilliseconds(200));

        Assert.Equal(2, b.Assignment.Count);
        Assert.Empty(cluster.Read("t"));
        Assert.Throws<SimulatedCrashException>(() => a.Consume(TimeSpan.Zero));
    }

    [Fact]
    public void AnArmedFaultFiresOnceAtItsStep()
    {
        var cluster = new InMemoryKafkaCluster();
        var process = new InMemoryKafkaSupplier(cluster, "p");
        var producer = process.GetProducer(new ProducerConfig { TransactionalId = "tx" });
        producer.InitTransactions(TimeSpan.FromSeconds(1));
        cluster.Faults.Arm(CommitStep.BeforeCommitTransaction, FaultKind.Error, skip: 1);
        producer.BeginTransaction();
        producer.CommitTransaction();
        producer.BeginTransaction();
        Assert.Throws<KafkaTxnRequiresAbortException>(() => producer.CommitTransaction());
        producer.CommitTransaction();
        Assert.Equal(1, cluster.Faults.Fired);
    }

    internal sealed class NoListener : IConsumerRebalanceListener
    {
        public static NoListener Instance { get; } = new();
        public void PartitionsAssigned(IConsumer<byte[], byte[]> consumer, IReadOnlyList<TopicPartition> partitions) { }
        public void PartitionsRevoked(IConsumer<byte[], byte[]> consumer, IReadOnlyList<TopicPartitionOffset> partitions) { }
        public void PartitionsLost(IConsumer<byte[], byte[]> consumer, IReadOnlyList<TopicPartitionOffset> partitions) { }
    }

    private sealed class RecordingListener : IConsumerRebalanceListener
    {
        public List<IReadOnlyList<TopicPartition>> Assigned { get; } = [];
        public List<IReadOnlyList<TopicPartitionOffset>> Revoked { get; } = [];
        public void PartitionsAssigned(IConsumer<byte[], byte[]> consumer, IReadOnlyList<TopicPartition> partitions) => Assigned.Add(partitions);
        public void PartitionsRevoked(IConsumer<byte[], byte[]> consumer, IReadOnlyList<TopicPartitionOffset> partitions) => Revoked.Add(partitions);
        public void PartitionsLost(IConsumer<byte[], byte[]> consumer, IReadOnlyList<TopicPartitionOffset> partitions) { }
    }
}
