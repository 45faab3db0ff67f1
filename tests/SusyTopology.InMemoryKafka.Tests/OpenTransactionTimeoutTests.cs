using Confluent.Kafka;
using Microsoft.Extensions.Time.Testing;
using static SusyTopology.InMemoryKafka.Tests.TestMessages;

namespace SusyTopology.InMemoryKafka.Tests;

/// <summary>
/// A transaction its producer never ended (the process died, or closed the producer without aborting) stays open
/// as on a broker: read_committed readers stop at its first offset and offsets it sent cannot be fetched, until its
/// transaction.timeout.ms passes on the broker's clock or a producer with its transactional.id calls InitTransactions.
/// </summary>
public sealed class OpenTransactionTimeoutTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private static readonly TopicPartition P0 = new("t", 0);

    [Fact]
    public void ACrashedProducersTransactionHoldsReadersBackUntilItTimesOut()
    {
        var clock = new FakeTimeProvider();
        var cluster = new InMemoryKafkaCluster { Time = clock };
        cluster.CreateTopic("t", 1);
        var doomed = new InMemoryKafkaSupplier(cluster, "doomed");
        var member = doomed.GetConsumer(new ConsumerConfig { GroupId = "g" }, NoListener.Instance);
        member.Subscribe("t");
        member.Consume(TimeSpan.FromMilliseconds(50));
        var producer = Transactional(doomed);
        producer.BeginTransaction();
        producer.Produce(P0, Msg("k", "lost"));
        producer.SendOffsetsToTransaction([new TopicPartitionOffset(P0, 2)], member.ConsumerGroupMetadata, TimeSpan.FromSeconds(1));
        doomed.Crash();
        var survivor = new InMemoryKafkaSupplier(cluster, "survivor");
        survivor.GetProducer(new ProducerConfig()).Produce(P0, Msg("k", "after"));
        var reader = survivor.GetConsumer(Reader(IsolationLevel.ReadCommitted), NoListener.Instance);
        reader.Assign(new TopicPartitionOffset(P0, Offset.Beginning));
        var successor = survivor.GetConsumer(new ConsumerConfig { GroupId = "g", AutoOffsetReset = AutoOffsetReset.Earliest }, NoListener.Instance);
        successor.Subscribe("t");

        clock.Advance(Timeout);
        Assert.Empty(Drain(reader));
        Assert.Empty(Drain(successor)); // KIP-447: the group's offset for t-0 is pending in the open transaction
        Assert.Equal(0, reader.QueryWatermarkOffsets(P0, TimeSpan.Zero).High.Value);
        Assert.Equal(TransactionState.Open, cluster.Transactions().Single().State);

        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(["after"], Drain(reader));
        Assert.Equal(["after"], Drain(successor)); // from the beginning: the aborted offset 2 never became the group's
        Assert.Equal(TransactionState.Aborted, cluster.Transactions().Single().State);
        // lost(0) after(1) abort marker(2)
        Assert.Equal(3, reader.QueryWatermarkOffsets(P0, TimeSpan.Zero).High.Value);
    }

    [Fact]
    public void ASuccessorsInitTransactionsAbortsTheOpenTransactionAtOnce()
    {
        var cluster = new InMemoryKafkaCluster { Time = new FakeTimeProvider() };
        cluster.CreateTopic("t", 1);
        var doomed = new InMemoryKafkaSupplier(cluster, "doomed");
        var producer = Transactional(doomed);
        producer.BeginTransaction();
        producer.Produce(P0, Msg("k", "lost"));
        doomed.Crash();

        Transactional(new InMemoryKafkaSupplier(cluster, "restarted"));

        Assert.Equal(TransactionState.Aborted, cluster.Transactions().Single().State);
        Assert.Equal(TransactionState.Aborted, cluster.Markers(P0).Single().Transaction!.State);
    }

    [Fact]
    public void ClosingAProducerLeavesItsTransactionOpenAndATimedOutProducerIsFenced()
    {
        var clock = new FakeTimeProvider();
        var cluster = new InMemoryKafkaCluster { Time = clock };
        cluster.CreateTopic("t", 1);
        var process = new InMemoryKafkaSupplier(cluster, "p");
        var closed = Transactional(process, "closed");
        closed.BeginTransaction();
        closed.Produce(P0, Msg("k", "dangling"));
        closed.Dispose();
        var stalled = Transactional(process, "stalled");
        stalled.BeginTransaction();
        stalled.Produce(P0, Msg("k", "late"));

        Assert.All(cluster.Transactions(), t => Assert.Equal(TransactionState.Open, t.State));
        clock.Advance(Timeout + TimeSpan.FromMilliseconds(1));

        var fenced = Assert.Throws<KafkaException>(() => stalled.CommitTransaction());
        Assert.Equal(ErrorCode.ProducerFenced, fenced.Error.Code);
        Assert.All(cluster.Transactions(), t => Assert.Equal(TransactionState.Aborted, t.State));
        Assert.Empty(cluster.Read("t"));
    }

    private static IProducer<byte[], byte[]> Transactional(InMemoryKafkaSupplier process, string id = "tx")
    {
        var producer = process.GetProducer(new ProducerConfig { TransactionalId = id, TransactionTimeoutMs = (int)Timeout.TotalMilliseconds });
        producer.InitTransactions(TimeSpan.FromSeconds(1));
        return producer;
    }
}
