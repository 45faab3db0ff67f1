using Confluent.Kafka;

namespace SusyTopology.InMemoryKafka;

/// <summary>
/// Confluent's producer interface on the in-memory cluster. Records are appended (and their delivery reported)
/// synchronously; with a <c>transactional.id</c> every write and offset goes into the current transaction, and
/// every transactional call first checks the producer's epoch, so an older instance is fenced. A write the broker
/// refuses fails with a <see cref="ProduceException{TKey,TValue}"/> carrying the broker's error, as Confluent's
/// synchronous produce errors do (Streamiz tells fencing from other failures by that type and code).
/// </summary>
public sealed class InMemoryProducer : IProducer<byte[], byte[]>
{
    private readonly InMemoryKafkaSupplier _process;
    private readonly InMemoryKafkaCluster _cluster;
    private readonly string? _transactionalId;
    private readonly TimeSpan _transactionTimeout;
    private int _epoch = -1;
    private InMemoryTransaction? _transaction;
    private int _roundRobin;
    private bool _disposed;

    internal InMemoryProducer(InMemoryKafkaSupplier process, ProducerConfig config)
    {
        _process = process;
        _cluster = process.Cluster;
        _transactionalId = config.TransactionalId;
        _transactionTimeout = TimeSpan.FromMilliseconds(config.TransactionTimeoutMs ?? 60_000); // librdkafka's default
        Name = $"{process.Name}/{config.ClientId ?? "producer"}";
    }

    public string Name { get; }

    public Handle Handle => throw new NotSupportedException("The in-memory producer has no librdkafka handle.");

    public int AddBrokers(string brokers) => 0;

    /// <summary>The double has no authentication: credentials are accepted and ignored.</summary>
    public void SetSaslCredentials(string username, string password) { }

    public void InitTransactions(TimeSpan timeout)
    {
        RequireTransactional();
        lock (_cluster.Sync)
        {
            CheckAlive();
            _epoch = _cluster.InitProducerId(_transactionalId!);
            _transaction = null;
        }
    }

    public void BeginTransaction()
    {
        RequireTransactional();
        lock (_cluster.Sync)
        {
            CheckAlive();
            if (_epoch < 0) throw new KafkaException(new Error(ErrorCode.Local_State, "InitTransactions was not called"));
            _transaction = _cluster.BeginTransaction(_transactionalId!, _epoch, _process.Name, _transactionTimeout);
        }
    }

    public void Produce(TopicPartition topicPartition, Message<byte[], byte[]> message,
        Action<DeliveryReport<byte[], byte[]>>? deliveryHandler = null)
    {
        _cluster.Faults.Hit(CommitStep.BeforeProduce, _process, topicPartition.Topic, _transactionalId);
        DeliveryReport<byte[], byte[]> report;
        lock (_cluster.Sync)
        {
            CheckAlive();
            try
            {
                report = Append(topicPartition, message);
            }
            catch (KafkaException e)
            {
                throw new ProduceException<byte[], byte[]>(e.Error, new DeliveryResult<byte[], byte[]>
                {
                    TopicPartitionOffset = new TopicPartitionOffset(topicPartition, Offset.Unset),
                    Message = message,
                    Status = PersistenceStatus.NotPersisted,
                }, e);
            }
            Monitor.PulseAll(_cluster.Sync);
        }
        deliveryHandler?.Invoke(report);
        _cluster.Faults.Hit(CommitStep.AfterProduce, _process, topicPartition.Topic, _transactionalId);
    }

    private DeliveryReport<byte[], byte[]> Append(TopicPartition topicPartition, Message<byte[], byte[]> message)
    {
        if (_transactionalId is not null)
        {
            _cluster.CheckEpoch(_transactionalId, _epoch);
            if (_transaction is not { State: TransactionState.Open })
                throw new KafkaException(new Error(ErrorCode.Local_State, "produce outside a transaction"));
        }
        var partitions = _cluster.Topic(topicPartition.Topic);
        var partition = topicPartition.Partition == Partition.Any
            ? ChoosePartition(message.Key, partitions.Length)
            : topicPartition.Partition.Value;
        var log = _cluster.Log(new TopicPartition(topicPartition.Topic, partition));
        var entry = log.Append(message, _transaction);
        return new DeliveryReport<byte[], byte[]>
        {
            TopicPartitionOffset = new TopicPartitionOffset(log.Partition, entry.Offset),
            Message = message,
            Status = PersistenceStatus.Persisted,
            Error = new Error(ErrorCode.NoError),
        };
    }

    public void Produce(string topic, Message<byte[], byte[]> message, Action<DeliveryReport<byte[], byte[]>>? deliveryHandler = null) =>
        Produce(new TopicPartition(topic, Partition.Any), message, deliveryHandler);

    public Task<DeliveryResult<byte[], byte[]>> ProduceAsync(TopicPartition topicPartition, Message<byte[], byte[]> message,
        CancellationToken cancellationToken = default)
    {
        var result = new TaskCompletionSource<DeliveryResult<byte[], byte[]>>();
        Produce(topicPartition, message, report => result.SetResult(report));
        return result.Task;
    }

    public Task<DeliveryResult<byte[], byte[]>> ProduceAsync(string topic, Message<byte[], byte[]> message,
        CancellationToken cancellationToken = default) =>
        ProduceAsync(new TopicPartition(topic, Partition.Any), message, cancellationToken);

    /// <summary>A deterministic key hash (any stable one will do: equal keys must land on equal partitions).</summary>
    private int ChoosePartition(byte[]? key, int partitions)
    {
        if (key is null) return _roundRobin++ % partitions;
        var hash = 17u;
        foreach (var b in key) hash = unchecked(hash * 31 + b);
        return (int)(hash % (uint)partitions);
    }

    public void SendOffsetsToTransaction(IEnumerable<TopicPartitionOffset> offsets, IConsumerGroupMetadata groupMetadata, TimeSpan timeout)
    {
        RequireTransactional();
        _cluster.Faults.Hit(CommitStep.BeforeSendOffsets, _process, transactionalId: _transactionalId);
        lock (_cluster.Sync)
        {
            CheckAlive();
            _cluster.CheckEpoch(_transactionalId!, _epoch);
            if (_transaction is not { State: TransactionState.Open })
                throw new KafkaException(new Error(ErrorCode.Local_State, "no transaction in progress"));
            var metadata = (InMemoryGroupMetadata)groupMetadata;
            var group = _cluster.Group(metadata.GroupId);
            var check = group.ValidateCommit(metadata.MemberId, metadata.Generation);
            if (check != ErrorCode.NoError)
            {
                _cluster.CountFenced();
                throw new KafkaTxnRequiresAbortException(new Error(check, $"TxnOffsetCommit refused: {check}"));
            }
            foreach (var offset in offsets)
                _transaction.PendingOffsets[(metadata.GroupId, offset.TopicPartition)] = offset.Offset.Value;
        }
        _cluster.Faults.Hit(CommitStep.AfterSendOffsets, _process, transactionalId: _transactionalId);
    }

    public void CommitTransaction(TimeSpan timeout)
    {
        RequireTransactional();
        _cluster.Faults.Hit(CommitStep.BeforeCommitTransaction, _process, transactionalId: _transactionalId);
        lock (_cluster.Sync)
        {
            CheckAlive();
            _cluster.CheckEpoch(_transactionalId!, _epoch);
            if (_transaction is not { State: TransactionState.Open })
                throw new KafkaException(new Error(ErrorCode.Local_State, "no transaction in progress"));
            _cluster.EndTransaction(_transaction, commit: true);
            _transaction = null;
        }
        _cluster.Faults.Hit(CommitStep.AfterCommitTransaction, _process, transactionalId: _transactionalId);
    }

    public void CommitTransaction() => CommitTransaction(TimeSpan.FromSeconds(30));

    public void AbortTransaction(TimeSpan timeout)
    {
        RequireTransactional();
        lock (_cluster.Sync)
        {
            CheckAlive();
            _cluster.CheckEpoch(_transactionalId!, _epoch);
            // Aborting when nothing is open is accepted, as by the broker after an ambiguous commit.
            if (_transaction is not null) _cluster.EndTransaction(_transaction, commit: false);
            _transaction = null;
        }
    }

    public void AbortTransaction() => AbortTransaction(TimeSpan.FromSeconds(30));

    public int Poll(TimeSpan timeout)
    {
        CheckAlive();
        return 0;
    }

    public int Flush(TimeSpan timeout)
    {
        CheckAlive();
        return 0;
    }

    public void Flush(CancellationToken cancellationToken = default) => CheckAlive();

    private void RequireTransactional()
    {
        if (_transactionalId is null)
            throw new KafkaException(new Error(ErrorCode.Local_State, "transactional.id is not configured"));
    }

    private void CheckAlive()
    {
        _process.ThrowIfCrashed();
        ObjectDisposedException.ThrowIf(_disposed, this);
    }

    /// <summary>
    /// Closing does not end an open transaction: librdkafka's destroy does not abort it (Streamiz aborts or commits
    /// before it closes a producer), so, as after a crash, it stays open, holding read_committed readers at its first
    /// offset, until it times out or a producer with the same transactional.id calls InitTransactions.
    /// </summary>
    public void Dispose()
    {
        lock (_cluster.Sync) _disposed = true;
    }

    public override string ToString() => Name + (_transactionalId is null ? "" : " transactional.id=" + _transactionalId);
}
