using System.Diagnostics;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace SusyTopology.Streams.Runtime;

/// <summary>
/// One processing thread: its group consumer, its producer (one transactional id under exactly-once), its restore
/// consumer and its tasks. The loop polls a batch, processes it, punctuates and commits on the interval. It
/// recovers by itself from an aborted transaction (tasks rebuilt from committed state) and from fencing (tasks
/// dropped, producer re-created, group rejoined); any other exception ends the thread and goes to the client's
/// uncaught-exception handler.
/// </summary>
internal sealed class StreamThread : IConsumerRebalanceListener
{
    private readonly StreamThreadContext _shared;
    private readonly Action<StreamThread, Exception?> _onExit;
    private readonly Action<StreamThread> _onStateChange;
    private readonly ILogger _logger;
    private readonly Thread _thread;
    private readonly string[] _sourceTopics;
    private volatile bool _shutdownRequested;
    private volatile ThreadRendezvous? _leaveBarrier;
    private volatile StreamThreadState _state = StreamThreadState.Created;
    private StreamsProducer? _producer;
    private IConsumer<byte[], byte[]>? _consumer;
    private IConsumer<byte[], byte[]>? _restoreConsumer;
    private TaskManager? _tasks;
    private volatile (string Topic, int Partition, long Lag)[] _lag = [];
    private volatile ThreadMetadata? _metadata;

    private readonly ThreadRendezvous? _joinRendezvous;

    /// <param name="joinRendezvous">The client's other starting threads: subscribe together with them (see <see cref="ThreadRendezvous"/>).</param>
    public StreamThread(int index, StreamThreadContext shared, IReadOnlyList<string> sourceTopics, Action<StreamThread, Exception?> onExit,
        Action<StreamThread> onStateChange, ThreadRendezvous? joinRendezvous = null)
    {
        _joinRendezvous = joinRendezvous;
        Index = index;
        _shared = shared;
        _onExit = onExit;
        _onStateChange = onStateChange;
        Name = $"{shared.ClientId}-StreamThread-{index}";
        _logger = shared.LoggerFactory.CreateLogger<StreamThread>();
        _sourceTopics = sourceTopics.ToArray();
        SourceTopics = _sourceTopics;
        _thread = new Thread(Run) { Name = Name, IsBackground = true };
    }


    public int Index { get; }
    public string Name { get; }

    /// <summary>What the thread's consumer subscribes to: all the topology's sources, or a dedicated sub-topology's.</summary>
    public IReadOnlyList<string> SourceTopics { get; }
    public StreamThreadState State => _state;

    /// <summary>Input-partition lag as of the last commit, for the consumer-lag gauge.</summary>
    public IReadOnlyList<(string Topic, int Partition, long Lag)> Lag => _lag;

    /// <summary>A snapshot taken on the thread itself after every assignment change (safe to read from any thread).</summary>
    public ThreadMetadata Metadata => _metadata ?? new ThreadMetadata(Name, _state, [], []);

    private void PublishMetadata()
    {
        var tasks = _tasks;
        _metadata = new ThreadMetadata(Name, _state,
            tasks is null ? [] : tasks.ActiveTaskIds.OrderBy(t => t.SubtopologyId).ThenBy(t => t.Partition).ToList(),
            tasks is null ? [] : tasks.AssignedPartitions.ToList());
    }

    public void Start() => _thread.Start();

    /// <summary>Asks the thread to commit and stop; with a <paramref name="leaveBarrier"/> it leaves the group only
    /// once every thread of the barrier has committed.</summary>
    public void RequestShutdown(ThreadRendezvous? leaveBarrier = null)
    {
        _leaveBarrier = leaveBarrier;
        _shutdownRequested = true;
        if (_state is not StreamThreadState.Dead) SetState(StreamThreadState.PendingShutdown);
    }

    public bool Join(TimeSpan timeout) => _thread.Join(timeout);

    private void SetState(StreamThreadState state)
    {
        if (_state == state || _state == StreamThreadState.Dead) return;
        if (_state == StreamThreadState.PendingShutdown && state != StreamThreadState.Dead) return;
        _state = state;
        PublishMetadata();
        _onStateChange(this);
    }

    private void Run()
    {
        Exception? failure = null;
        try
        {
            var config = _shared.Config;
            var transactionalId = config.ExactlyOnce ? $"{config.ApplicationId}-{_shared.ProcessId}-{Index}" : null;
            _producer = new StreamsProducer(_shared.Supplier, config.ProducerConfigFor(Name + "-producer", transactionalId),
                config.ProcessingGuarantee, config.TransactionCallTimeout);
            _producer.InitTransactions();
            WarmUpProducerMetadata();
            var restoreConfig = config.AssignedConsumerConfig(Name + "-restore-consumer");
            restoreConfig.EnablePartitionEof = true;
            _restoreConsumer = _shared.Supplier.GetRestoreConsumer(restoreConfig);
            _tasks = new TaskManager(_shared, _producer, _restoreConsumer, _logger);
            _consumer = _shared.Supplier.GetConsumer(config.MainConsumerConfig(Name + "-consumer"), this);
            _tasks.Consumer = _consumer;
            SetState(StreamThreadState.Rebalancing);
            if (_joinRendezvous is { } join && !join.ArriveAndWait(this))
                _logger.LogWarning("Thread {Thread}: other threads were not ready to join after {Timeout}; joining alone", Name, join.Timeout);
            _consumer.Subscribe(_sourceTopics);
            var lastCommit = _shared.Time.GetTimestamp();
            while (!_shutdownRequested)
                lastCommit = RunOnce(lastCommit);
        }
        catch (Exception e)
        {
            failure = e;
            _logger.LogError(e, "Stream thread {Thread} failed", Name);
        }
        finally
        {
            _joinRendezvous?.Arrive(this); // a thread that failed before joining: the others need not wait for its shutdown
            Shutdown(clean: failure is null);
            _leaveBarrier?.Arrive(this);
            SetState(StreamThreadState.Dead);
        }
        _onExit(this, failure);
    }

    /// <summary>Every topic this thread's tasks may write: the sinks (repartition topics included) and changelogs of the sub-topologies it reads.</summary>
    private void WarmUpProducerMetadata()
    {
        var topics = _shared.Metadata.Subtopologies
            .Where(s => s.SourceTopics.Any(_sourceTopics.Contains))
            .SelectMany(s => s.SinkTopics.Concat(s.ChangelogTopics))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (topics.Count == 0) return;
        var started = Stopwatch.GetTimestamp();
        var found = _producer!.WarmUpMetadata(topics, TimeSpan.FromSeconds(5));
        _logger.LogDebug("Thread {Thread}: producer metadata for {Found} of {Count} output topics in {Ms:N1} ms",
            Name, found, topics.Count, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    private long RunOnce(long lastCommit)
    {
        var tasks = _tasks!;
        try
        {
            // Records still buffered (a slow task's backlog): only pick up what is already fetched, do not wait.
            PollBatch(tasks.HasBufferedRecords ? TimeSpan.Zero : _shared.Config.PollTimeout, tasks.PollBudget());
            var processed = tasks.Process(_shared.Config.ProcessingSlice);
            tasks.Punctuate();
            tasks.UpdatePausedPartitions();
            if (processed > 0) _shared.Metrics.RecordProcessed(processed);
            if (_shared.Time.GetElapsedTime(lastCommit) >= _shared.Config.EffectiveCommitInterval || tasks.CommitRequested)
            {
                tasks.CommitAll();
                UpdateLag();
                return _shared.Time.GetTimestamp();
            }
        }
        catch (TaskCorruptedException e)
        {
            _logger.LogWarning(e, "Thread {Thread}: transaction aborted; rebuilding tasks from committed state", Name);
            tasks.HandleCorrupted();
        }
        catch (TaskMigratedException e)
        {
            _logger.LogWarning(e, "Thread {Thread}: tasks migrated; rejoining the group", Name);
            tasks.CloseAllDirty();
            _producer!.ResetProducer();
            _consumer!.Unsubscribe();
            SetState(StreamThreadState.Rebalancing);
            _consumer.Subscribe(_sourceTopics);
        }
        return lastCommit;
    }

    /// <summary>
    /// One poll (blocking up to <paramref name="timeout"/>), then whatever is already fetched, up to <paramref name="budget"/> records. Transient client errors
    /// (a fetch timing out, a leader moving) are reported by librdkafka as consume errors it recovers from itself.
    /// </summary>
    private void PollBatch(TimeSpan timeout, int budget)
    {
        // Buffers full: process first (records wait in the consumer's fetch queue). Processing drains them, so the
        // consumer is polled again well within max.poll.interval.ms.
        if (budget == 0) return;
        var consumer = _consumer!;
        try
        {
            var record = consumer.Consume(timeout);
            while (record is not null)
            {
                if (!record.IsPartitionEOF) _tasks!.AddRecord(record);
                if (--budget == 0) break;
                record = consumer.Consume(TimeSpan.Zero);
            }
        }
        catch (ConsumeException e) when (!e.Error.IsFatal)
        {
            _logger.LogInformation("Thread {Thread}: transient consumer error: {Reason}", Name, e.Error.Reason);
        }
    }

    private void UpdateLag()
    {
        var consumer = _consumer!;
        var lag = new List<(string, int, long)>();
        foreach (var partition in _tasks!.AssignedPartitions)
        {
            var position = consumer.Position(partition);
            var end = consumer.GetWatermarkOffsets(partition).High;
            if (position == Offset.Unset || end == Offset.Unset) continue;
            lag.Add((partition.Topic, partition.Partition.Value, Math.Max(0, end.Value - position.Value)));
        }
        _lag = lag.ToArray();
    }

    public void PartitionsAssigned(IConsumer<byte[], byte[]> consumer, IReadOnlyList<TopicPartition> partitions)
    {
        _logger.LogInformation("Thread {Thread} assigned {Count} partitions", Name, partitions.Count);
        SetState(StreamThreadState.Rebalancing);
        _tasks!.HandleAssignment(partitions);
        SetState(StreamThreadState.Running);
        PublishMetadata();
    }

    public void PartitionsRevoked(IConsumer<byte[], byte[]> consumer, IReadOnlyList<TopicPartitionOffset> partitions)
    {
        _logger.LogInformation("Thread {Thread} revoked {Count} partitions", Name, partitions.Count);
        SetState(StreamThreadState.Rebalancing);
        _tasks?.HandleRevocation(partitions.Select(p => p.TopicPartition).ToList());
        PublishMetadata();
    }

    public void PartitionsLost(IConsumer<byte[], byte[]> consumer, IReadOnlyList<TopicPartitionOffset> partitions)
    {
        _logger.LogWarning("Thread {Thread} lost {Count} partitions", Name, partitions.Count);
        SetState(StreamThreadState.Rebalancing);
        _tasks?.HandleLost(partitions.Select(p => p.TopicPartition).ToList());
        PublishMetadata();
    }

    private void Shutdown(bool clean)
    {
        SetState(StreamThreadState.PendingShutdown);
        Quietly(() => _tasks?.CloseAll(clean), "closing tasks");
        if (_leaveBarrier is { } barrier && !barrier.ArriveAndWait(this))
            _logger.LogWarning("Thread {Thread}: other threads had not committed after {Timeout}; leaving the group anyway", Name, barrier.Timeout);
        Quietly(() => _consumer?.Close(), "closing the consumer");
        Quietly(() => _consumer?.Dispose(), "disposing the consumer");
        Quietly(() => _restoreConsumer?.Dispose(), "disposing the restore consumer");
        Quietly(() => _producer?.Dispose(), "disposing the producer");
    }

    /// <summary>Shutdown goes on past failures: a crashed or fenced client must not keep the others open.</summary>
    private void Quietly(Action action, string what)
    {
        try
        {
            action();
        }
        catch (Exception e)
        {
            _logger.LogDebug(e, "Thread {Thread}: {What} failed", Name, what);
        }
    }
}
