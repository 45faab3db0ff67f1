using Confluent.Kafka;
using static SusyTopology.InMemoryKafka.Tests.TestMessages;

namespace SusyTopology.InMemoryKafka.Tests;

/// <summary>The double's Kafka semantics, checked directly: the exactly-once proof is only as good as these.</summary>
public sealed class InMemoryKafkaTests
{
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
        // aborted(0) abort marker(1) committed(2) commit marker(3) open(4): the open transaction pins the end at 4.
        Assert.Equal(4, committed.QueryWatermarkOffsets(new TopicPartition("t", 0), TimeSpan.Zero).High.Value);

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

        var refusedWrite = Assert.Throws<ProduceException<byte[], byte[]>>(() => zombie.Produce("t", Msg("k", "late")));
        Assert.Equal(ErrorCode.ProducerFenced, refusedWrite.Error.Code);
        var fenced = Assert.Throws<KafkaException>(() => zombie.CommitTransaction());
        Assert.Equal(ErrorCode.ProducerFenced, fenced.Error.Code);
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
    public void AnExpiredMemberLosesItsPartitionsOnItsNextPollAndRejoins()
    {
        var cluster = new InMemoryKafkaCluster();
        cluster.CreateTopic("t", 2);
        var process = new InMemoryKafkaSupplier(cluster, "p");
        var listener = new RecordingListener();
        var consumer = process.GetConsumer(new ConsumerConfig { GroupId = "g" }, listener);
        consumer.Subscribe("t");
        consumer.Consume(TimeSpan.FromMilliseconds(50));
        var stale = consumer.ConsumerGroupMetadata;

        process.ExpireSessions();
        var refused = Assert.Throws<KafkaException>(() => consumer.Commit([new TopicPartitionOffset(new TopicPartition("t", 0), 1)]));
        Assert.Equal(ErrorCode.UnknownMemberId, refused.Error.Code);
        consumer.Consume(TimeSpan.FromMilliseconds(50));

        Assert.Equal(2, listener.Lost.Single().Count);
        Assert.Empty(listener.Revoked);
        Assert.Equal(2, listener.Assigned.Count);
        Assert.Equal(2, consumer.Assignment.Count);
        var producer = process.GetProducer(new ProducerConfig { TransactionalId = "tx" });
        producer.InitTransactions(TimeSpan.FromSeconds(1));
        producer.BeginTransaction();
        var zombieOffsets = Assert.Throws<KafkaTxnRequiresAbortException>(() => producer.SendOffsetsToTransaction(
            [new TopicPartitionOffset(new TopicPartition("t", 0), 1)], stale, TimeSpan.FromSeconds(1)));
        Assert.Equal(ErrorCode.IllegalGeneration, zombieOffsets.Error.Code);
    }

    [Fact]
    public void WithoutAutoOffsetResetAMemberWithoutCommittedOffsetsStartsAtTheEndLikeLibrdkafka()
    {
        var cluster = new InMemoryKafkaCluster();
        cluster.CreateTopic("t", 1);
        var process = new InMemoryKafkaSupplier(cluster, "p");
        var producer = process.GetProducer(new ProducerConfig());
        producer.Produce("t", Msg("k", "before"));
        var consumer = process.GetConsumer(new ConsumerConfig { GroupId = "g" }, NoListener.Instance);
        consumer.Subscribe("t");
        Assert.Null(consumer.Consume(TimeSpan.FromMilliseconds(50)));

        producer.Produce("t", Msg("k", "after"));

        Assert.Equal(["after"], Drain(consumer));
    }

    [Fact]
    public void ACrashedProcessLeavesItsGroupAndItsOpenTransactionStaysOpen()
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
        Assert.Equal(TransactionState.Open, cluster.Transactions().Single().State); // until it times out
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
}
