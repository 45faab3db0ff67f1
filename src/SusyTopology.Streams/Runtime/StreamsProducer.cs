using System.Diagnostics;
using Confluent.Kafka;
using SusyTopology.Kafka.Clients;

namespace SusyTopology.Streams.Runtime;

/// <summary>
/// A stream thread's one producer and, under exactly-once, the owner of its transaction life cycle: the transaction
/// begins lazily with the first record sent after a commit, and <see cref="CommitTransaction"/> adds the consumed
/// offsets (with the consumer's group metadata, so a zombie of an older generation is refused) before committing.
/// Client errors are translated into the runtime's recovery decisions: a fenced producer means the tasks migrated
/// (<see cref="TaskMigratedException"/>), an abortable error means the uncommitted work is void
/// (<see cref="TaskCorruptedException"/>).
/// </summary>
internal sealed class StreamsProducer : IDisposable
{
    private readonly IKafkaSupplier _supplier;
    private readonly ProducerConfig _config;
    private readonly TimeSpan _timeout;
    private IProducer<byte[], byte[]> _producer;
    private bool _transactionInFlight;
    private long _inFlight; // sent, no delivery report yet
    private readonly object _drained = new(); // Monitor.Wait/PulseAll need a monitor, not a System.Threading.Lock
    // The caller's delivery handler wrapped to count the report: one wrapper per handler (a collector has one), not a
    // closure per record. Touched only by the owning stream thread.
    private readonly Dictionary<Action<DeliveryReport<byte[], byte[]>>, Action<DeliveryReport<byte[], byte[]>>> _counted = [];

    public StreamsProducer(IKafkaSupplier supplier, ProducerConfig config, ProcessingGuarantee guarantee, TimeSpan timeout)
    {
        _supplier = supplier;
        _config = config;
        _timeout = timeout;
        ExactlyOnce = guarantee == ProcessingGuarantee.ExactlyOnceV2;
        if (ExactlyOnce && string.IsNullOrEmpty(config.TransactionalId))
            throw new ArgumentException("exactly_once_v2 needs a transactional.id for the thread's producer.");
        _producer = supplier.GetProducer(config);
    }

    public bool ExactlyOnce { get; }

    public bool TransactionInFlight => _transactionInFlight;

    public IProducer<byte[], byte[]> Client => _producer;

    /// <summary>Registers the transactional id (fencing any older producer with it) and aborts its open transaction.</summary>
    public void InitTransactions()
    {
        if (!ExactlyOnce) return;
        Translate(() => _producer.InitTransactions(_timeout), "initialising transactions");
    }

    /// <summary>Looks up <paramref name="topics"/> before the first send (see <see cref="ProducerMetadata"/>); returns the topics found.</summary>
    public int WarmUpMetadata(IEnumerable<string> topics, TimeSpan timeout) => ProducerMetadata.WarmUp(_producer, topics, timeout);

    /// <summary>Sends one record; under exactly-once it becomes part of the current (lazily begun) transaction.</summary>
    public void Send(TopicPartition destination, Message<byte[], byte[]> message, Action<DeliveryReport<byte[], byte[]>> onDelivery)
    {
        MaybeBeginTransaction();
        if (!_counted.TryGetValue(onDelivery, out var counted))
            _counted[onDelivery] = counted = report =>
            {
                try
                {
                    onDelivery(report);
                }
                finally
                {
                    // Last: a flush that sees nothing in flight must also see what the handler recorded.
                    Delivered();
                }
            };
        Interlocked.Increment(ref _inFlight);
        try
        {
            ProduceWithBackPressure(destination, message, counted);
        }
        catch (KafkaException e)
        {
            Delivered(); // not enqueued: no report will come
            throw Translated(e, $"sending to {destination}");
        }
    }

    private void Delivered()
    {
        if (Interlocked.Decrement(ref _inFlight) > 0) return;
        lock (_drained) Monitor.PulseAll(_drained);
    }

    /// <summary>Sent records still waiting for their delivery report.</summary>
    public long InFlight => Math.Max(0, Interlocked.Read(ref _inFlight));

    private void ProduceWithBackPressure(TopicPartition destination, Message<byte[], byte[]> message,
        Action<DeliveryReport<byte[], byte[]>> onDelivery)
    {
        while (true)
        {
            try
            {
                _producer.Produce(destination, message, onDelivery);
                return;
            }
            catch (ProduceException<byte[], byte[]> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
            {
                // The local queue is full: serve delivery reports until it drains instead of failing the thread.
                _producer.Poll(TimeSpan.FromMilliseconds(50));
            }
        }
    }

    public void MaybeBeginTransaction()
    {
        if (!ExactlyOnce || _transactionInFlight) return;
        Translate(() => _producer.BeginTransaction(), "beginning a transaction");
        _transactionInFlight = true;
    }

    /// <summary>
    /// Exactly-once: adds <paramref name="offsets"/> to the transaction and commits it atomically with the output.
    /// At-least-once: only flushes, so that the caller commits the offsets after the output is durable.
    /// </summary>
    public void CommitTransaction(IReadOnlyCollection<TopicPartitionOffset> offsets, IConsumerGroupMetadata groupMetadata)
    {
        if (!ExactlyOnce)
        {
            Flush();
            return;
        }
        if (offsets.Count == 0 && !_transactionInFlight) return;
        MaybeBeginTransaction();
        if (offsets.Count > 0)
            Translate(() => _producer.SendOffsetsToTransaction(offsets, groupMetadata, _timeout), "sending offsets to the transaction");
        Translate(() => _producer.CommitTransaction(_timeout), "committing the transaction");
        _transactionInFlight = false;
    }

    /// <summary>Aborts the open transaction, if any; failures here leave nothing to save, so they only surface as migration.</summary>
    public void AbortTransaction()
    {
        if (!ExactlyOnce || !_transactionInFlight) return;
        try
        {
            Translate(() => _producer.AbortTransaction(_timeout), "aborting the transaction");
        }
        finally
        {
            _transactionInFlight = false;
            Interlocked.Exchange(ref _inFlight, 0); // aborting purges what was not delivered
        }
    }

    /// <summary>
    /// Waits until every record sent has its delivery report. Not librdkafka's flush: that one serves the report
    /// queue in 10 ms polls while the client's own poll thread takes the reports, so it returns on a poll boundary
    /// (measured: 10 ms idle, ~100 ms under load, per commit). The delivery reports themselves say when all is acknowledged.
    /// </summary>
    public void Flush()
    {
        if (InFlight == 0) return;
        var started = Stopwatch.GetTimestamp(); // monotonic, as every runtime timeout
        lock (_drained)
        {
            while (InFlight > 0)
            {
                var remaining = _timeout - Stopwatch.GetElapsedTime(started);
                if (remaining <= TimeSpan.Zero)
                    throw new StreamsException($"{InFlight} records were not acknowledged within {_timeout.TotalSeconds:N0} s.");
                // Short waits: a report that lands between the check and the wait is seen on the next turn.
                Monitor.Wait(_drained, TimeSpan.FromMilliseconds(Math.Min(remaining.TotalMilliseconds, 5)));
            }
        }
    }

    /// <summary>
    /// After fencing the client is unusable (librdkafka marks it fatally failed): build a fresh one with the same
    /// transactional id, which bumps the epoch and aborts whatever the old one left open.
    /// </summary>
    public void ResetProducer()
    {
        try { _producer.Dispose(); }
        catch (KafkaException) { /* the fenced client may refuse a clean shutdown; it is discarded anyway */ }
        _transactionInFlight = false;
        Interlocked.Exchange(ref _inFlight, 0); // the discarded client's reports will not come
        _producer = _supplier.GetProducer(_config);
        InitTransactions();
    }

    private void Translate(Action call, string what)
    {
        try
        {
            call();
        }
        catch (KafkaException e)
        {
            throw Translated(e, what);
        }
    }

    private Exception Translated(KafkaException e, string what)
    {
        if (IsFencing(e.Error))
            return new TaskMigratedException($"The producer was fenced while {what}: another instance owns its tasks now.", e);
        if (ExactlyOnce && (e is KafkaTxnRequiresAbortException || !e.Error.IsFatal))
            return new TaskCorruptedException($"The transaction failed while {what} and must be aborted: {e.Error.Reason}", e);
        return new StreamsException($"The producer failed while {what}: {e.Error.Reason}", e);
    }

    internal static bool IsFencing(Error error) => error.Code is ErrorCode.ProducerFenced or ErrorCode.Local_Fenced
        or ErrorCode.InvalidProducerEpoch or ErrorCode.TransactionCoordinatorFenced or ErrorCode.FencedInstanceId;

    public void Dispose()
    {
        try { _producer.Dispose(); }
        catch (KafkaException) { /* closing a failed client: nothing more can be lost here */ }
    }
}
