using System.Text;
using Confluent.Kafka;
using static SusyTopology.InMemoryKafka.Tests.TestMessages;

namespace SusyTopology.InMemoryKafka.Tests;

/// <summary>
/// A produce that fails asynchronously (<see cref="FaultKind.DeliveryError"/>): the call returns, the record is never
/// written, and its delivery report carries the error when the producer next serves reports; a transaction it was
/// part of can only be aborted.
/// </summary>
public sealed class DeliveryErrorTests
{
    private static readonly TopicPartition P0 = new("t", 0);

    [Fact]
    public void AFailedWriteIsReportedOnTheNextFlushAndNeverReachesTheLog()
    {
        var (cluster, process) = NewCluster();
        var producer = process.GetProducer(new ProducerConfig());
        var reports = new List<DeliveryReport<byte[], byte[]>>();
        cluster.Faults.Arm(CommitStep.BeforeProduce, FaultKind.DeliveryError, skip: 1);

        producer.Produce(P0, Msg("k", "first"), reports.Add);
        producer.Produce(P0, Msg("k", "lost"), reports.Add);
        producer.Produce(P0, Msg("k", "third"), reports.Add);
        Assert.Equal([ErrorCode.NoError, ErrorCode.NoError], reports.Select(r => r.Error.Code));

        producer.Flush(TimeSpan.FromSeconds(1));
        var failed = reports[^1];
        Assert.Equal(ErrorCode.Local_MsgTimedOut, failed.Error.Code);
        Assert.Equal(PersistenceStatus.NotPersisted, failed.Status);
        Assert.Equal("lost", Encoding.UTF8.GetString(failed.Message.Value));
        Assert.Equal(0, producer.Poll(TimeSpan.Zero)); // served once
        Assert.Equal(["first", "third"], cluster.Read("t").Select(e => Encoding.UTF8.GetString(e.Value!)));
    }

    [Fact]
    public void ATransactionWithAFailedWriteCanOnlyBeAborted()
    {
        var (cluster, process) = NewCluster();
        var member = process.GetConsumer(new ConsumerConfig { GroupId = "g" }, NoListener.Instance);
        member.Subscribe("t");
        member.Consume(TimeSpan.FromMilliseconds(50));
        var producer = process.GetProducer(new ProducerConfig { TransactionalId = "tx" });
        producer.InitTransactions(TimeSpan.FromSeconds(1));
        var reports = new List<DeliveryReport<byte[], byte[]>>();
        cluster.Faults.Arm(CommitStep.BeforeProduce, FaultKind.DeliveryError, skip: 1);
        producer.BeginTransaction();
        producer.Produce(P0, Msg("k", "a"), reports.Add);
        producer.Produce(P0, Msg("k", "lost"), reports.Add);
        producer.Produce(P0, Msg("k", "c"), reports.Add);

        Assert.Throws<KafkaTxnRequiresAbortException>(() =>
            producer.SendOffsetsToTransaction([new TopicPartitionOffset(P0, 1)], member.ConsumerGroupMetadata, TimeSpan.FromSeconds(1)));
        var refused = Assert.Throws<KafkaTxnRequiresAbortException>(() => producer.CommitTransaction());
        Assert.Equal(ErrorCode.Local_MsgTimedOut, refused.Error.Code);
        Assert.Equal(ErrorCode.Local_MsgTimedOut, reports.Single(r => r.Error.IsError).Error.Code); // flushed before refusing
        producer.AbortTransaction();
        producer.BeginTransaction();
        producer.Produce(P0, Msg("k", "redone"), reports.Add);
        producer.CommitTransaction();

        Assert.Equal(["redone"], cluster.Read("t").Select(e => Encoding.UTF8.GetString(e.Value!)));
        Assert.Null(cluster.CommittedOffset("g", P0));
    }

    [Fact]
    public async Task ProduceAsyncFaultsWithTheDeliveryError()
    {
        var (cluster, process) = NewCluster();
        var producer = process.GetProducer(new ProducerConfig());
        cluster.Faults.Arm(CommitStep.BeforeProduce, FaultKind.DeliveryError);

        var failed = await Assert.ThrowsAsync<ProduceException<byte[], byte[]>>(() => producer.ProduceAsync(P0, Msg("k", "lost")));

        Assert.Equal(ErrorCode.Local_MsgTimedOut, failed.Error.Code);
        Assert.Equal(PersistenceStatus.NotPersisted, failed.DeliveryResult.Status);
        Assert.Empty(cluster.Read("t"));
    }

    [Fact]
    public void ADeliveryErrorCanOnlyBeArmedOnAProduce() =>
        Assert.Throws<ArgumentException>(() => new FaultInjector().Arm(CommitStep.BeforeCommitTransaction, FaultKind.DeliveryError));

    private static (InMemoryKafkaCluster, InMemoryKafkaSupplier) NewCluster()
    {
        var cluster = new InMemoryKafkaCluster();
        cluster.CreateTopic("t", 1);
        return (cluster, new InMemoryKafkaSupplier(cluster, "p"));
    }
}
