using Confluent.Kafka;

namespace SusyTopology.Kafka.Clients;

/// <summary>A producer that hands every call to another one: the base of wrappers that watch or mend one behaviour.</summary>
public abstract class DelegatingProducer(IProducer<byte[], byte[]> inner) : IProducer<byte[], byte[]>
{
    protected IProducer<byte[], byte[]> Inner { get; } = inner;

    public virtual void Produce(TopicPartition topicPartition, Message<byte[], byte[]> message,
        Action<DeliveryReport<byte[], byte[]>>? deliveryHandler = null) => Inner.Produce(topicPartition, message, deliveryHandler);
    public virtual void Produce(string topic, Message<byte[], byte[]> message, Action<DeliveryReport<byte[], byte[]>>? deliveryHandler = null) =>
        Inner.Produce(topic, message, deliveryHandler);
    public virtual Task<DeliveryResult<byte[], byte[]>> ProduceAsync(TopicPartition topicPartition, Message<byte[], byte[]> message,
        CancellationToken cancellationToken = default) => Inner.ProduceAsync(topicPartition, message, cancellationToken);
    public virtual Task<DeliveryResult<byte[], byte[]>> ProduceAsync(string topic, Message<byte[], byte[]> message,
        CancellationToken cancellationToken = default) => Inner.ProduceAsync(topic, message, cancellationToken);
    public int Poll(TimeSpan timeout) => Inner.Poll(timeout);
    public int Flush(TimeSpan timeout) => Inner.Flush(timeout);
    public void Flush(CancellationToken cancellationToken = default) => Inner.Flush(cancellationToken);
    public void InitTransactions(TimeSpan timeout) => Inner.InitTransactions(timeout);
    public void BeginTransaction() => Inner.BeginTransaction();
    public void CommitTransaction(TimeSpan timeout) => Inner.CommitTransaction(timeout);
    public void CommitTransaction() => Inner.CommitTransaction();
    public void AbortTransaction(TimeSpan timeout) => Inner.AbortTransaction(timeout);
    public void AbortTransaction() => Inner.AbortTransaction();
    public void SendOffsetsToTransaction(IEnumerable<TopicPartitionOffset> offsets, IConsumerGroupMetadata groupMetadata, TimeSpan timeout) =>
        Inner.SendOffsetsToTransaction(offsets, groupMetadata, timeout);
    public Handle Handle => Inner.Handle;
    public string Name => Inner.Name;
    public int AddBrokers(string brokers) => Inner.AddBrokers(brokers);
    public void SetSaslCredentials(string username, string password) => Inner.SetSaslCredentials(username, password);

    public void Dispose() => Inner.Dispose();
}
