using Confluent.Kafka;

namespace SusyTopology.InMemoryKafka;

/// <summary>
/// Confluent's producer interface on the in-memory cluster. Records are appended (and their delivery reported)
/// synchronously; with a <c>transactional.id</c> every write and offset goes into the current transaction, and
/// every transactional call first checks the producer's epoch, so an older instance is fenced. A write the broker
/// refuses fails with a <see cref="ProduceException{TKey,TValue}"/> carrying the broker's error, as Confluent's
/// synchronous produce errors do (Streamiz tells fencing from other failures by that type and code). A write that
/// fails asynchronously (<see cref="FaultKind.DeliveryError"/>) is reported on the next <see cref="Poll"/>,
/// <c>Flush</c>, <see cref="CommitTransaction(TimeSpan)"/> or <see cref="AbortTransaction(TimeSpan)"/>, and leaves
/// its transaction abortable only, as librdkafka's failed messages do.
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

    /// <summary>Delivery reports of failed writes, not yet served to their handlers.</summary>
    private readonly Queue<(Action<DeliveryReport<byte[], byte[]>> Handler, DeliveryReport<byte[], byte[]> Report)> _failedReports = new();

    /// <summary>Set when a write of the current transaction failed: it can then only be aborted.</summary>
    private Error? _abortableError;

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
            _abortableError = null;
        }
    }

    public void Produce(TopicPartition topicPartition, Message<byte[], byte[]> message,
        Action<DeliveryReport<byte[], byte[]>>? deliveryHandler = null)
    {
        var deliveryFails = _cluster.Faults.Hit(CommitStep.BeforeProduce, _process, topicPartition.Topic, _transactionalId);
        DeliveryReport<byte[], byte[]> report;
        lock (_cluster.Sync)
        {
            CheckAlive();
            try
            {
                report = deliveryFails ? FailDelivery(topicPartition, message, deliveryHandler) : Append(topicPartition, message);
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
        if (!deliveryFails) deliveryHandler?.Invoke(report);
        _cluster.Faults.Hit(CommitStep.AfterProduce, _process, topicPartition.Topic, _transactionalId);
    }

    /// <summary>
    /// Accepts the write as librdkafka enqueues a message, but it never reaches the log: its report (a timed-out
    /// message) waits for the next call that serves reports, and its transaction can only be aborted from now on.
    /// </summary>
    private DeliveryReport<byte[], byte[]> FailDelivery(TopicPartition topicPartition, Message<byte[], byte[]> message,
        Action<DeliveryReport<byte[], byte[]>>? deliveryHandler)
    {
        RequireWritableTransaction();
        var error = new Error(ErrorCode.Local_MsgTimedOut, $"injected delivery failure of a message to {topicPartition.Topic}");
        if (_transactionalId is not null) _abortableError ??= error;
        var report = new DeliveryReport<byte[], byte[]>
        {
            TopicPartitionOffset = new TopicPartitionOffset(topicPartition, Offset.Unset),
            Message = message,
            Status = PersistenceStatus.NotPersisted,
            Error = error,
        };
        if (deliveryHandler is not null) _failedReports.Enqueue((deliveryHandler, report));
        return report;
    }

    /// <summary>Serves the reports of failed writes to their handlers (outside the cluster's lock: a handler may call back).</summary>
    private int ServeFailedReports()
    {
        List<(Action<DeliveryReport<byte[], byte[]>> Handler, DeliveryReport<byte[], byte[]> Report)> due;
        lock (_cluster.Sync)
        {
            due = [.. _failedReports];
            _failedReports.Clear();
        }
        foreach (var (handler, report) in due) handler(report);
        return due.Count;
    }

    private void RequireWritableTransaction()
    {
        if (_transactionalId is null) return;
        _cluster.CheckEpoch(_transactionalId, _epoch);
        if (_transaction is not { State: TransactionState.Open })
            throw new KafkaException(new Error(ErrorCode.Local_State, "produce outside a transaction"));
    }

    private DeliveryReport<byte[], byte[]> Append(TopicPartition topicPartition, Message<byte[], byte[]> message)
    {
        RequireWritableTransaction();
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
        // As Confluent's: a failed delivery faults the task with a ProduceException when its report is served. The
        // double serves it at once here (Confluent.Kafka's background poll would, without the caller polling), so an
        // awaiting caller is not left waiting for a Poll it has no reason to make.
        var result = new TaskCompletionSource<DeliveryResult<byte[], byte[]>>(TaskCreationOptions.RunContinuationsAsynchronously);
        Produce(topicPartition, message, report =>
        {
            if (report.Error.IsError) result.SetException(new ProduceException<byte[], byte[]>(report.Error, report));
            else result.SetResult(report);
        });
        ServeFailedReports();
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
            if (_abortableError is { } failed) throw new KafkaTxnRequiresAbortException(failed);
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
        CheckAlive();
        ServeFailedReports(); // librdkafka flushes before it commits
        lock (_cluster.Sync)
        {
            CheckAlive();
            _cluster.CheckEpoch(_transactionalId!, _epoch);
            if (_transaction is not { State: TransactionState.Open })
                throw new KafkaException(new Error(ErrorCode.Local_State, "no transaction in progress"));
            if (_abortableError is { } failed)
                throw new KafkaTxnRequiresAbortException(new Error(failed.Code, $"a message of the transaction failed: {failed.Reason}"));
            _cluster.EndTransaction(_transaction, commit: true);
            _transaction = null;
        }
        _cluster.Faults.Hit(CommitStep.AfterCommitTransaction, _process, transactionalId: _transactionalId);
    }

    public void CommitTransaction() => CommitTransaction(TimeSpan.FromSeconds(30));

    public void AbortTransaction(TimeSpan timeout)
    {
        RequireTransactional();
        CheckAlive();
        ServeFailedReports(); // outstanding messages are reported before the abort completes
        lock (_cluster.Sync)
        {
            CheckAlive();
            _cluster.CheckEpoch(_transactionalId!, _epoch);
            // Aborting when nothing is open is accepted, as by the broker after an ambiguous commit.
            if (_transaction is not null) _cluster.EndTransaction(_transaction, commit: false);
            _transaction = null;
            _abortableError = null;
        }
    }

    public void AbortTransaction() => AbortTransaction(TimeSpan.FromSeconds(30));

    /// <summary>Serves pending delivery reports (only failed writes have any: the others were reported at once).</summary>
    public int Poll(TimeSpan timeout)
    {
        CheckAlive();
        return ServeFailedReports();
    }

    /// <summary>Serves pending delivery reports; nothing is ever left in flight, so none remain.</summary>
    public int Flush(TimeSpan timeout)
    {
        CheckAlive();
        ServeFailedReports();
        return 0;
    }

    public void Flush(CancellationToken cancellationToken = default)
    {
        CheckAlive();
        ServeFailedReports();
    }

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
