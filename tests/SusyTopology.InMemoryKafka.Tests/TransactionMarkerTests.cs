using Confluent.Kafka;
using static SusyTopology.InMemoryKafka.Tests.TestMessages;

namespace SusyTopology.InMemoryKafka.Tests;

/// <summary>
/// Transaction markers as a broker writes them: one per partition a transaction wrote, when it ends, each taking an
/// offset that no consumer delivers but every consumer's position steps over.
/// </summary>
public sealed class TransactionMarkerTests
{
    private static readonly TopicPartition P0 = new("t", 0);
    private static readonly TopicPartition P1 = new("t", 1);

    [Fact]
    public void EndingATransactionWritesACommitOrAbortMarkerToEachPartitionItWrote()
    {
        var cluster = new InMemoryKafkaCluster();
        cluster.CreateTopic("t", 2);
        var producer = new InMemoryKafkaSupplier(cluster, "p").GetProducer(new ProducerConfig { TransactionalId = "tx" });
        producer.InitTransactions(TimeSpan.FromSeconds(1));
        producer.BeginTransaction();
        producer.Produce(P0, Msg("k", "a"));
        producer.Produce(P0, Msg("k", "b"));
        producer.Produce(P1, Msg("k", "c"));
        producer.CommitTransaction();
        producer.BeginTransaction();
        producer.Produce(P0, Msg("k", "aborted"));
        producer.AbortTransaction();

        var reader = new InMemoryKafkaSupplier(cluster, "r").GetConsumer(Reader(IsolationLevel.ReadUncommitted), NoListener.Instance);
        // p0: a(0) b(1) commit(2) aborted(3) abort(4); p1: c(0) commit(1). Read(...) and Entries hold data only.
        Assert.Equal(5, reader.QueryWatermarkOffsets(P0, TimeSpan.Zero).High.Value);
        Assert.Equal(2, reader.QueryWatermarkOffsets(P1, TimeSpan.Zero).High.Value);
        Assert.Equal([0L, 1L, 0L], cluster.Read("t").Select(e => e.Offset));
        Assert.Equal([0L, 1L, 3L, 0L], cluster.Read("t", readCommitted: false).Select(e => e.Offset));
        Assert.Equal([(2L, TransactionState.Committed), (4L, TransactionState.Aborted)], cluster.Markers(P0).Select(m => (m.Offset, m.Transaction!.State)));
        Assert.Equal([(1L, TransactionState.Committed)], cluster.Markers(P1).Select(m => (m.Offset, m.Transaction!.State)));
    }

    [Theory]
    [InlineData(IsolationLevel.ReadCommitted)]
    [InlineData(IsolationLevel.ReadUncommitted)]
    public void AReaderNeverGetsAMarkerAndEndsAtTheHighWatermarkWhereItReportsTheEnd(IsolationLevel isolation)
    {
        var cluster = new InMemoryKafkaCluster();
        cluster.CreateTopic("t", 1);
        var producer = new InMemoryKafkaSupplier(cluster, "p").GetProducer(new ProducerConfig { TransactionalId = "tx" });
        producer.InitTransactions(TimeSpan.FromSeconds(1));
        for (var i = 0; i < 3; i++)
        {
            producer.BeginTransaction();
            producer.Produce(P0, Msg("k", $"v{i}"));
            producer.CommitTransaction();
        }
        var config = Reader(isolation);
        config.EnablePartitionEof = true;
        var reader = new InMemoryKafkaSupplier(cluster, "r").GetConsumer(config, NoListener.Instance);
        reader.Assign(new TopicPartitionOffset(P0, Offset.Beginning));

        var read = new List<ConsumeResult<byte[], byte[]>>();
        while (reader.Consume(TimeSpan.FromMilliseconds(30)) is { } r) read.Add(r);

        // v0(0) commit(1) v1(2) commit(3) v2(4) commit(5): the last data record sits at the high watermark - 2.
        Assert.Equal([0L, 2L, 4L], read.Where(r => !r.IsPartitionEOF).Select(r => r.Offset.Value));
        Assert.Equal(6, read.Single(r => r.IsPartitionEOF).Offset.Value);
        Assert.Equal(6, reader.Position(P0).Value);
        Assert.Equal(6, reader.QueryWatermarkOffsets(P0, TimeSpan.Zero).High.Value);
    }

    [Fact]
    public void AfterDeliveringTheLastRecordThePositionReachesTheEndOnTheNextPoll()
    {
        var cluster = new InMemoryKafkaCluster();
        cluster.CreateTopic("t", 1);
        var producer = new InMemoryKafkaSupplier(cluster, "p").GetProducer(new ProducerConfig { TransactionalId = "tx" });
        producer.InitTransactions(TimeSpan.FromSeconds(1));
        producer.BeginTransaction();
        producer.Produce(P0, Msg("k", "only"));
        producer.CommitTransaction();
        var reader = new InMemoryKafkaSupplier(cluster, "r").GetConsumer(Reader(IsolationLevel.ReadCommitted), NoListener.Instance);
        reader.Assign(new TopicPartitionOffset(P0, Offset.Beginning));

        Assert.Equal(0, reader.Consume(TimeSpan.FromMilliseconds(30))!.Offset.Value);
        Assert.Equal(1, reader.Position(P0).Value); // the marker, not yet stepped over
        Assert.Null(reader.Consume(TimeSpan.FromMilliseconds(30)));
        Assert.Equal(2, reader.Position(P0).Value); // what Streamiz's changelog restore waits for
    }

    [Fact]
    public void OffsetsForTimesNeverAnswersAMarker()
    {
        var cluster = new InMemoryKafkaCluster();
        cluster.CreateTopic("t", 1);
        var producer = new InMemoryKafkaSupplier(cluster, "p").GetProducer(new ProducerConfig { TransactionalId = "tx" });
        producer.InitTransactions(TimeSpan.FromSeconds(1));
        producer.BeginTransaction();
        producer.Produce(P0, Msg("k", "at-1")); // timestamp 1; the marker gets the broker's time, far later
        producer.CommitTransaction();
        var reader = new InMemoryKafkaSupplier(cluster, "r").GetConsumer(Reader(IsolationLevel.ReadCommitted), NoListener.Instance);

        var found = reader.OffsetsForTimes([new TopicPartitionTimestamp(P0, new Timestamp(2, TimestampType.CreateTime))], TimeSpan.Zero);

        Assert.Equal(Offset.End, found.Single().Offset);
    }
}
