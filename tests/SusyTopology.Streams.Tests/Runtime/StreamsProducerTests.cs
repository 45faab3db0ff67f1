using System.Text;
using Confluent.Kafka;
using SusyTopology.Streams.Runtime;
using SusyTopology.Streams.Tests.InMemoryKafka;

namespace SusyTopology.Streams.Tests.Runtime;

/// <summary>The transaction life cycle and the translation of client errors into the runtime's recovery decisions.</summary>
public sealed class StreamsProducerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);
    private readonly InMemoryKafkaCluster _cluster = new();

    private StreamsProducer Producer(InMemoryKafkaSupplier process, ProcessingGuarantee guarantee, string? transactionalId = "tx") =>
        new(process, new ProducerConfig { TransactionalId = guarantee == ProcessingGuarantee.ExactlyOnceV2 ? transactionalId : null },
            guarantee, Timeout);

    private static Message<byte[], byte[]> Msg(string value) => new() { Value = Encoding.UTF8.GetBytes(value) };

    private (IConsumer<byte[], byte[]> Consumer, TopicPartition Input) GroupMember(InMemoryKafkaSupplier process)
    {
        _cluster.CreateTopic("in", 1);
        var consumer = process.GetConsumer(new ConsumerConfig { GroupId = "g" }, InMemoryKafkaTests.NoListener.Instance);
        consumer.Subscribe("in");
        consumer.Consume(TimeSpan.FromMilliseconds(50));
        return (consumer, new TopicPartition("in", 0));
    }

    [Fact]
    public void ATransactionBeginsWithTheFirstSendAndCommitsOutputAndOffsetsTogether()
    {
        var process = new InMemoryKafkaSupplier(_cluster, "p");
        var (consumer, input) = GroupMember(process);
        using var producer = Producer(process, ProcessingGuarantee.ExactlyOnceV2);
        producer.InitTransactions();
        Assert.False(producer.TransactionInFlight);

        producer.Send(new TopicPartition("out", Partition.Any), Msg("x"), _ => { });
        Assert.True(producer.TransactionInFlight);
        Assert.Empty(_cluster.Read("out"));
        producer.CommitTransaction([new TopicPartitionOffset(input, 1)], consumer.ConsumerGroupMetadata);

        Assert.False(producer.TransactionInFlight);
        Assert.Single(_cluster.Read("out"));
        Assert.Equal(1, _cluster.CommittedOffset("g", input));
    }

    [Fact]
    public void AFencedProducerReportsTaskMigrationAndAResetProducerWorksAgain()
    {
        var process = new InMemoryKafkaSupplier(_cluster, "p");
        var (consumer, input) = GroupMember(process);
        using var zombie = Producer(process, ProcessingGuarantee.ExactlyOnceV2);
        zombie.InitTransactions();
        zombie.Send(new TopicPartition("out", Partition.Any), Msg("zombie"), _ => { });
        using var successor = Producer(process, ProcessingGuarantee.ExactlyOnceV2);
        successor.InitTransactions();

        Assert.Throws<TaskMigratedException>(() => zombie.CommitTransaction([new TopicPartitionOffset(input, 1)], consumer.ConsumerGroupMetadata));
        zombie.ResetProducer();
        zombie.Send(new TopicPartition("out", Partition.Any), Msg("again"), _ => { });
        zombie.CommitTransaction([new TopicPartitionOffset(input, 1)], consumer.ConsumerGroupMetadata);
        Assert.Equal(["again"], _cluster.Read("out").Select(e => Encoding.UTF8.GetString(e.Value!)));
    }

    [Fact]
    public void AnAbortableErrorReportsCorruptionAndAbortDiscardsTheOutput()
    {
        var process = new InMemoryKafkaSupplier(_cluster, "p");
        var (consumer, input) = GroupMember(process);
        using var producer = Producer(process, ProcessingGuarantee.ExactlyOnceV2);
        producer.InitTransactions();
        producer.Send(new TopicPartition("out", Partition.Any), Msg("doomed"), _ => { });
        _cluster.Faults.Arm(CommitStep.BeforeCommitTransaction, FaultKind.Error);

        Assert.Throws<TaskCorruptedException>(() => producer.CommitTransaction([new TopicPartitionOffset(input, 1)], consumer.ConsumerGroupMetadata));
        producer.AbortTransaction();
        Assert.False(producer.TransactionInFlight);
        Assert.Empty(_cluster.Read("out"));
        Assert.Null(_cluster.CommittedOffset("g", input));
    }

    [Fact]
    public void AtLeastOnceNeverOpensATransaction()
    {
        var process = new InMemoryKafkaSupplier(_cluster, "p");
        var (consumer, _) = GroupMember(process);
        using var producer = Producer(process, ProcessingGuarantee.AtLeastOnce);
        producer.InitTransactions();
        producer.Send(new TopicPartition("out", Partition.Any), Msg("x"), _ => { });
        Assert.False(producer.TransactionInFlight);
        producer.CommitTransaction([], consumer.ConsumerGroupMetadata);
        Assert.Single(_cluster.Read("out"));
        Assert.Throws<ArgumentException>(() => Producer(process, ProcessingGuarantee.ExactlyOnceV2, transactionalId: null));
    }
}
