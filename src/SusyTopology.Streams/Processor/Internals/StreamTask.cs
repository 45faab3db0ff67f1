using Confluent.Kafka;
using SusyTopology.Streams.Processor.Api;
using SusyTopology.Streams.Runtime;

namespace SusyTopology.Streams.Processor.Internals;

/// <summary>
/// One sub-topology applied to one partition number: the unit the runtime assigns, commits and closes, and the
/// very class the TopologyTestDriver runs. Lifecycle: <see cref="InitializeStateStores"/> → (runtime restores
/// <see cref="StateManager"/>) → <see cref="CompleteRestoration"/> → <see cref="AddRecords"/>/<see cref="Process"/>/
/// punctuation/<see cref="PrepareCommit"/>+<see cref="PostCommit"/> → <see cref="Close"/>.
/// Not thread-safe: one thread drives a task at a time.
/// </summary>
internal sealed class StreamTask
{
    private readonly ProcessorTopology _topology;
    private readonly TaskExecutionContext _context;
    private readonly PartitionQueue[] _queues;
    private readonly Dictionary<TopicPartition, PartitionQueue> _queueByPartition = new();
    private readonly Action<PunctuationSchedule, long> _punctuate;
    private int _buffered;

    public StreamTask(TaskId id, ProcessorTopology topology, IReadOnlyCollection<TopicPartition> inputPartitions,
        IRecordCollector collector, ProcessorStateManager stateManager, TimeProvider time, StreamTaskSettings settings)
    {
        Id = id;
        _topology = topology;
        InputPartitions = inputPartitions;
        StateManager = stateManager;
        _context = new TaskExecutionContext(id, settings, collector, stateManager, time);
        _punctuate = Punctuate;
        var queues = new List<PartitionQueue>();
        foreach (var partition in inputPartitions)
        {
            if (!topology.SourcesByTopic.TryGetValue(partition.Topic, out var source))
                throw new ArgumentException($"Task {id} has no source for input topic '{partition.Topic}'.", nameof(inputPartitions));
            var queue = new PartitionQueue(partition, source);
            queues.Add(queue);
            _queueByPartition.Add(partition, queue);
        }
        _queues = queues.ToArray();
    }

    public TaskId Id { get; }
    public IReadOnlyCollection<TopicPartition> InputPartitions { get; }
    public ProcessorStateManager StateManager { get; }
    public StreamTaskState State { get; private set; } = StreamTaskState.Created;

    /// <summary>Largest timestamp processed so far, -1 before the first record.</summary>
    public long StreamTime => _context.StreamTime;

    /// <summary>Records handed to the task but not processed yet.</summary>
    public int BufferedRecords => _buffered;

    /// <summary>True once a record was processed (or a punctuation ran) since the last commit.</summary>
    public bool CommitNeeded { get; private set; }

    /// <summary>True when a processor called Commit(); cleared by <see cref="PostCommit"/>.</summary>
    public bool CommitRequested => _context.CommitRequested;

    /// <summary>Where the task learns an input partition's log-end offset (see <see cref="IProcessorContext.InputPartitionLag"/>).</summary>
    public Func<TopicPartition, long?>? EndOffsetOf
    {
        get => _context.EndOffsetOf;
        set => _context.EndOffsetOf = value;
    }

    public int BufferedRecordsOf(TopicPartition partition) =>
        _queueByPartition.TryGetValue(partition, out var queue) ? queue.Count : 0;

    /// <summary>Builds and registers the stores; afterwards the runtime restores their changelogs.</summary>
    public void InitializeStateStores()
    {
        EnsureState(StreamTaskState.Created);
        foreach (var store in _topology.Stores) store.Init(_context, store);
        State = StreamTaskState.Restoring;
    }

    /// <summary>Initializes the processors (which may read restored stores and schedule punctuations).</summary>
    public void CompleteRestoration()
    {
        EnsureState(StreamTaskState.Restoring);
        foreach (var node in _topology.Nodes)
        {
            _context.CurrentNode = node.Name;
            node.Init(_context);
        }
        _context.CurrentNode = null;
        State = StreamTaskState.Running;
    }

    /// <summary>Buffers consumed records of one of the task's partitions (in offset order).</summary>
    public void AddRecords(TopicPartition partition, IEnumerable<ConsumeResult<byte[], byte[]>> records)
    {
        var queue = QueueOf(partition);
        foreach (var record in records) Enqueue(queue, record);
    }

    /// <summary>Buffers one consumed record; the partition is taken from the record.</summary>
    public void AddRecord(ConsumeResult<byte[], byte[]> record) => Enqueue(QueueOf(record.TopicPartition), record);

    /// <summary>
    /// Records below the offset this task instance has already processed are dropped, not processed again: its
    /// stores and its sent output already reflect them. A consumer re-delivers them when a task is suspended and
    /// resumed (an eager rebalance) without its offsets having been committed — the broker refuses commits while a
    /// rebalance is in progress, and librdkafka's mock broker discards transactional offsets — and resumes from the
    /// committed position. A task rebuilt from its changelog is a new instance and processes from the committed offset.
    /// </summary>
    private void Enqueue(PartitionQueue queue, ConsumeResult<byte[], byte[]> record)
    {
        if (record.Offset.Value < queue.NextOffsetToCommit)
        {
            SkippedRecords++;
            return;
        }
        queue.Enqueue(record);
        _buffered++;
    }

    /// <summary>Re-delivered records dropped because this instance had already processed them (see <see cref="Enqueue"/>).</summary>
    public long SkippedRecords { get; private set; }

    private PartitionQueue QueueOf(TopicPartition partition) =>
        _queueByPartition.TryGetValue(partition, out var queue) ? queue
            : throw new ArgumentException($"{partition} is not an input partition of task {Id}.", nameof(partition));

    /// <summary>
    /// Processes the buffered record with the smallest timestamp among the partitions' heads (so joins and windows
    /// see data roughly in time order across partitions); returns false when nothing is buffered.
    /// </summary>
    public bool Process()
    {
        if (_buffered == 0) return false;
        EnsureState(StreamTaskState.Running);
        PartitionQueue? next = null;
        foreach (var queue in _queues)
            if (queue.Count > 0 && (next is null || queue.HeadTimestamp < next.HeadTimestamp)) next = queue;

        var record = next!.Dequeue();
        _buffered--;
        _context.RecordMetadata = new RecordMetadata(record.Topic, record.Partition.Value, record.Offset.Value);
        _context.CurrentNode = next.Source.Name;
        try
        {
            var timestamp = next.Source.Process(record, next.PartitionTime);
            next.PartitionTime = Math.Max(next.PartitionTime, timestamp);
        }
        catch (Exception exception) when (exception is not StreamsException)
        {
            throw new StreamsException(
                $"Exception caught in process. taskId={Id}, processor={_context.CurrentNode}, topic={record.Topic}, " +
                $"partition={record.Partition.Value}, offset={record.Offset.Value}: {exception.Message}", exception);
        }
        finally
        {
            _context.RecordMetadata = null;
        }
        next.NextOffsetToCommit = record.Offset.Value + 1;
        CommitNeeded = true;
        return true;
    }

    /// <summary>Runs the stream-time punctuations that are due; returns whether any ran.</summary>
    public bool MaybePunctuateStreamTime()
    {
        if (State != StreamTaskState.Running || _context.StreamTime < 0) return false;
        return _context.StreamTimePunctuations.MayPunctuate(_context.StreamTime, _punctuate);
    }

    /// <summary>Runs the wall-clock punctuations due at the injected clock's now; returns whether any ran.</summary>
    public bool MaybePunctuateSystemTime()
    {
        if (State != StreamTaskState.Running) return false;
        return _context.WallClockPunctuations.MayPunctuate(_context.WallClockMs, _punctuate);
    }

    private void Punctuate(PunctuationSchedule schedule, long timestamp)
    {
        _context.RecordMetadata = null;
        _context.CurrentRecordTimestamp = timestamp;
        _context.CurrentNode = schedule.Node.Name;
        try
        {
            schedule.Callback(timestamp);
        }
        catch (Exception exception) when (exception is not StreamsException)
        {
            throw new StreamsException(
                $"Exception caught while punctuating processor {schedule.Node.Name} in task {Id}: {exception.Message}", exception);
        }
        CommitNeeded = true;
    }

    /// <summary>
    /// Flushes stores and the collector and returns, for each input partition that progressed, the next offset to
    /// consume (the offset to commit). Call <see cref="PostCommit"/> once those offsets are committed.
    /// </summary>
    public IReadOnlyDictionary<TopicPartition, long> PrepareCommit()
    {
        // Stores first: what they flush goes out through the collector, which the runtime then flushes once for all
        // of the thread's tasks (one producer, one flush — not one per task).
        StateManager.Flush();
        var offsets = new Dictionary<TopicPartition, long>();
        foreach (var queue in _queues)
            if (queue.NextOffsetToCommit >= 0) offsets[queue.Partition] = queue.NextOffsetToCommit;
        return offsets;
    }

    public void PostCommit()
    {
        CommitNeeded = false;
        _context.CommitRequested = false;
    }

    /// <summary>Drops buffered records (e.g. after a failed transaction the runtime re-reads from the committed offsets).</summary>
    public void ClearBuffers()
    {
        foreach (var queue in _queues) queue.Clear();
        _buffered = 0;
    }

    /// <summary>Closes processors, then stores. Buffered records are dropped; committing is the caller's job.</summary>
    public void Close()
    {
        if (State == StreamTaskState.Closed) return;
        List<Exception>? errors = null;
        if (State == StreamTaskState.Running)
            foreach (var node in _topology.Nodes)
            {
                try
                {
                    node.Close();
                }
                catch (Exception exception)
                {
                    (errors ??= new()).Add(exception);
                }
            }
        try
        {
            StateManager.Close();
        }
        catch (Exception exception)
        {
            (errors ??= new()).Add(exception);
        }
        ClearBuffers();
        State = StreamTaskState.Closed;
        if (errors is not null) throw new StreamsException($"Closing task {Id} failed.", new AggregateException(errors));
    }

    private void EnsureState(StreamTaskState expected)
    {
        if (State != expected) throw new InvalidOperationException($"Task {Id} is {State}, expected {expected}.");
    }

    /// <summary>The buffered records of one input partition and its progress.</summary>
    private sealed class PartitionQueue(TopicPartition partition, ISourceNode source)
    {
        private readonly Queue<ConsumeResult<byte[], byte[]>> _records = new();

        public TopicPartition Partition { get; } = partition;
        public ISourceNode Source { get; } = source;
        public long NextOffsetToCommit { get; set; } = -1;
        public long PartitionTime { get; set; } = -1;
        public int Count => _records.Count;
        public long HeadTimestamp => _records.Peek().Message.Timestamp.UnixTimestampMs;

        public void Enqueue(ConsumeResult<byte[], byte[]> record) => _records.Enqueue(record);
        public ConsumeResult<byte[], byte[]> Dequeue() => _records.Dequeue();
        public void Clear() => _records.Clear();
    }
}
