using System.Diagnostics;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using SusyTopology.Streams.Processor.Api;
using SusyTopology.Streams.Processor.Internals;

namespace SusyTopology.Streams.Runtime;

/// <summary>
/// The tasks of one stream thread: one per (sub-topology, input partition number) the group assigned. It creates
/// and restores them on assignment, routes consumed records to them, commits them together (one transaction
/// under exactly-once), keeps them suspended across an eager rebalance so re-assigned tasks resume without
/// restoring, and rebuilds them from committed state when their uncommitted work must be thrown away.
/// </summary>
internal sealed class TaskManager
{
    private readonly StreamThreadContext _shared;
    private readonly StreamsProducer _producer;
    private readonly IConsumer<byte[], byte[]> _restoreConsumer;
    private readonly ILogger _logger;
    private readonly Dictionary<TaskId, ActiveTask> _tasks = [];
    private readonly Dictionary<TaskId, ActiveTask> _suspended = [];
    private readonly Dictionary<TopicPartition, StreamTask> _byPartition = [];
    private readonly List<TopicPartitionOffset> _offsetsBuffer = [];
    private StreamTask[] _taskArray = [];
    private readonly HashSet<TopicPartition> _paused = [];
    private readonly List<TopicPartition> _pauseChanges = [];
    private int _nextTask; // round-robin start, so no task is always served first

    public TaskManager(StreamThreadContext shared, StreamsProducer producer, IConsumer<byte[], byte[]> restoreConsumer, ILogger logger)
    {
        _shared = shared;
        _producer = producer;
        _restoreConsumer = restoreConsumer;
        _logger = logger;
    }

    /// <summary>The group member whose offsets and group metadata commits use; set once the thread created it.</summary>
    public IConsumer<byte[], byte[]>? Consumer { get; set; }

    public IReadOnlyCollection<TaskId> ActiveTaskIds => _tasks.Keys;

    public IEnumerable<TopicPartition> AssignedPartitions => _byPartition.Keys;

    public bool CommitRequested
    {
        get
        {
            foreach (var task in _taskArray)
                if (task.CommitRequested) return true;
            return false;
        }
    }

    /// <summary>Creates (or resumes suspended) tasks for a new assignment; suspended tasks not re-assigned are closed.</summary>
    public void HandleAssignment(IReadOnlyCollection<TopicPartition> partitions)
    {
        var wanted = partitions
            .GroupBy(p => new TaskId(_shared.Metadata.SubtopologyOf(p.Topic).Id, p.Partition.Value))
            .ToDictionary(g => g.Key, g => (IReadOnlyCollection<TopicPartition>)g.ToList());
        foreach (var (id, suspended) in _suspended.ToList())
        {
            if (wanted.TryGetValue(id, out var inputs) && inputs.ToHashSet().SetEquals(suspended.Task.InputPartitions))
            {
                _tasks[id] = suspended;
                _logger.LogDebug("Resumed suspended task {TaskId}", id);
            }
            else
            {
                CloseTask(suspended, clean: true);
            }
        }
        _suspended.Clear();
        foreach (var (id, inputs) in wanted)
            if (!_tasks.ContainsKey(id)) _tasks[id] = CreateTask(id, inputs);
        Reindex();
    }

    /// <summary>
    /// Eager revocation: commits everything (one transaction), then suspends the tasks so that a re-assignment
    /// resumes them without restoring. If the commit fails the tasks are closed dirty instead: their uncommitted
    /// work is discarded and whoever owns them next starts from committed state.
    /// </summary>
    public void HandleRevocation(IReadOnlyCollection<TopicPartition> partitions)
    {
        ResumeAll();
        var revoked = partitions.ToHashSet();
        var affected = _tasks.Values.Where(t => t.Task.InputPartitions.Any(revoked.Contains)).ToList();
        if (affected.Count == 0) return;
        try
        {
            CommitAll();
        }
        catch (Exception e) when (e is StreamsException or KafkaException)
        {
            _logger.LogWarning(e, "Commit on revocation failed; closing tasks {Tasks} without committing",
                string.Join(",", affected.Select(t => t.Task.Id)));
            AbortQuietly();
            // Under exactly-once the aborted transaction also held the other tasks' work: rebuild all of them.
            CloseAllDirty();
            return;
        }
        foreach (var task in affected)
        {
            _tasks.Remove(task.Task.Id);
            task.Task.ClearBuffers();
            _suspended[task.Task.Id] = task;
        }
        Reindex();
    }

    /// <summary>Partitions lost without a chance to commit (session timeout): their tasks' work is void.</summary>
    public void HandleLost(IReadOnlyCollection<TopicPartition> partitions)
    {
        ResumeAll();
        AbortQuietly();
        CloseAllDirty();
    }

    public void AddRecord(ConsumeResult<byte[], byte[]> record)
    {
        if (_byPartition.TryGetValue(record.TopicPartition, out var task)) task.AddRecord(record);
    }

    /// <summary>Records one task processes before the next task's turn.</summary>
    public const int RecordsPerTurn = 32;

    /// <summary>True while some task has fetched records it has not processed.</summary>
    public bool HasBufferedRecords
    {
        get
        {
            foreach (var task in _taskArray)
                if (task.BufferedRecords > 0) return true;
            return false;
        }
    }

    /// <summary>Processes every buffered record of every task; returns how many were processed.</summary>
    public int Process() => Process(TimeSpan.MaxValue);

    /// <summary>
    /// Processes buffered records round-robin, <see cref="RecordsPerTurn"/> per task per turn, until nothing is
    /// buffered or <paramref name="slice"/> has passed; returns how many were processed. Round-robin keeps a task with
    /// a backlog (or costly records) from holding back the other tasks' records for longer than a turn.
    /// </summary>
    public int Process(TimeSpan slice)
    {
        var processed = 0;
        var started = Stopwatch.GetTimestamp();
        var tasks = _taskArray;
        if (tasks.Length == 0) return 0;
        while (true)
        {
            var round = 0;
            for (var i = 0; i < tasks.Length; i++)
            {
                var task = tasks[(_nextTask + i) % tasks.Length];
                for (var n = 0; n < RecordsPerTurn && task.Process(); n++) round++;
            }
            _nextTask = (_nextTask + 1) % tasks.Length;
            processed += round;
            if (round == 0 || Stopwatch.GetElapsedTime(started) >= slice) return processed;
        }
    }

    /// <summary>
    /// How many more records the thread should take from its consumer now: the thread buffers at most
    /// <see cref="StreamsConfig.BufferedRecordsPerPartition"/> per assigned partition in all. Beyond that, records wait
    /// in librdkafka's own fetch queue (bounded by <c>queued.max.messages.kbytes</c>) rather than in task buffers.
    /// </summary>
    public int PollBudget()
    {
        var buffered = 0L;
        foreach (var task in _taskArray) buffered += task.BufferedRecords;
        var cap = (long)_shared.Config.BufferedRecordsPerPartition * Math.Max(1, _byPartition.Count);
        return (int)Math.Clamp(cap - buffered, 0, _shared.Config.MaxPollRecords);
    }

    /// <summary>
    /// Pauses a partition whose task has more than <see cref="StreamsConfig.BufferedRecordsPerPartition"/> records
    /// waiting, so the thread's budget goes to the partitions of tasks that keep up, and resumes it once its task is
    /// down to half of that. Half, not just below: librdkafka drops a paused partition's prefetched records and
    /// fetches them again on resume, so pausing and resuming at one threshold would refetch every few records.
    /// </summary>
    public void UpdatePausedPartitions()
    {
        var consumer = Consumer;
        if (consumer is null) return;
        var limit = _shared.Config.BufferedRecordsPerPartition;
        _pauseChanges.Clear();
        foreach (var (partition, task) in _byPartition)
            if (task.BufferedRecordsOf(partition) > limit && _paused.Add(partition)) _pauseChanges.Add(partition);
        if (_pauseChanges.Count > 0) consumer.Pause(_pauseChanges);
        _pauseChanges.Clear();
        foreach (var partition in _paused)
            if (!_byPartition.TryGetValue(partition, out var task) || task.BufferedRecordsOf(partition) <= limit / 2) _pauseChanges.Add(partition);
        if (_pauseChanges.Count == 0) return;
        foreach (var partition in _pauseChanges) _paused.Remove(partition);
        consumer.Resume(_pauseChanges);
    }

    /// <summary>Resumes every paused partition (before an assignment changes or buffers are dropped).</summary>
    private void ResumeAll()
    {
        if (_paused.Count == 0) return;
        try
        {
            Consumer?.Resume(_paused.ToList());
        }
        catch (KafkaException e)
        {
            _logger.LogDebug(e, "Resuming paused partitions failed (they are no longer assigned)");
        }
        _paused.Clear();
    }

    /// <summary>Partitions currently paused for back-pressure.</summary>
    public IReadOnlyCollection<TopicPartition> PausedPartitions => _paused;

    public void Punctuate()
    {
        foreach (var task in _taskArray)
        {
            task.MaybePunctuateStreamTime();
            task.MaybePunctuateSystemTime();
        }
    }

    /// <summary>
    /// Commits the tasks that progressed. Exactly-once: their output and input offsets in one transaction.
    /// At-least-once: output flushed first, then the offsets; a refused offset commit (rebalance in progress) is
    /// retried at the next commit, since re-processing is what at-least-once allows.
    /// </summary>
    public bool CommitAll()
    {
        var needed = _producer.TransactionInFlight;
        foreach (var task in _taskArray) needed |= task.CommitNeeded || task.CommitRequested;
        if (!needed) return false;
        var started = Stopwatch.GetTimestamp();
        _offsetsBuffer.Clear();
        foreach (var active in _tasks.Values)
            foreach (var (partition, offset) in active.Task.PrepareCommit())
                _offsetsBuffer.Add(new TopicPartitionOffset(partition, offset));
        // Every task's output acknowledged (at-least-once commits offsets only after that; under exactly-once the
        // transaction's commit flushes as well, so this flush just surfaces send failures first).
        _producer.Flush();
        var flushed = Stopwatch.GetTimestamp();
        foreach (var active in _tasks.Values) active.Collector.ThrowIfFailed();
        var consumer = Consumer ?? throw new InvalidOperationException("The task manager has no consumer yet.");
        if (_producer.ExactlyOnce)
        {
            _producer.CommitTransaction(_offsetsBuffer, consumer.ConsumerGroupMetadata);
        }
        else if (_offsetsBuffer.Count > 0)
        {
            try
            {
                consumer.Commit(_offsetsBuffer);
            }
            catch (KafkaException e) when (!e.Error.IsFatal)
            {
                _logger.LogInformation("Offset commit refused ({Reason}); retrying at the next commit", e.Error.Reason);
                return false;
            }
        }
        foreach (var active in _tasks.Values)
        {
            active.Task.PostCommit();
            active.Task.StateManager.UpdateChangelogOffsets(active.Collector.TakeWrittenChangelogOffsets());
            if (!_producer.ExactlyOnce && active.Task.StateManager.ChangelogPartitions.Count > 0)
                active.Checkpoint.Write(active.Task.StateManager.ChangelogOffsets);
        }
        _shared.Metrics.RecordCommit(Stopwatch.GetElapsedTime(started));
        _logger.LogDebug("Committed {Offsets} offsets in {Total:N1} ms (flush {Flush:N1} ms)", _offsetsBuffer.Count,
            Stopwatch.GetElapsedTime(started).TotalMilliseconds, Stopwatch.GetElapsedTime(started, flushed).TotalMilliseconds);
        return true;
    }

    /// <summary>
    /// The transaction was aborted: every task's uncommitted output is gone, so their stores (which already hold
    /// it) and buffers are discarded, the tasks are rebuilt from their changelogs, and the consumer goes back to the
    /// committed offsets.
    /// </summary>
    public void HandleCorrupted()
    {
        ResumeAll();
        AbortQuietly();
        var assignments = _tasks.Values.Select(t => (t.Task.Id, t.Task.InputPartitions)).ToList();
        foreach (var active in _tasks.Values) CloseTask(active, clean: false);
        _tasks.Clear();
        _byPartition.Clear();
        _taskArray = [];
        var consumer = Consumer!;
        var partitions = assignments.SelectMany(a => a.InputPartitions).ToList();
        if (partitions.Count > 0)
        {
            var committed = consumer.Committed(partitions, _shared.Config.TransactionCallTimeout);
            foreach (var offset in committed)
                consumer.Seek(new TopicPartitionOffset(offset.TopicPartition,
                    offset.Offset == Offset.Unset ? ResetOffset() : offset.Offset));
        }
        foreach (var (id, inputs) in assignments) _tasks[id] = CreateTask(id, inputs);
        Reindex();
    }

    private Offset ResetOffset() =>
        _shared.Config.Consumer.AutoOffsetReset == AutoOffsetReset.Latest ? Offset.End : Offset.Beginning;

    /// <summary>Another instance owns the tasks now (fencing): close everything without committing.</summary>
    public void CloseAllDirty()
    {
        ResumeAll();
        foreach (var active in _tasks.Values.Concat(_suspended.Values)) CloseTask(active, clean: false);
        _tasks.Clear();
        _suspended.Clear();
        Reindex();
    }

    /// <summary>Shutdown: commit, then close every task cleanly (checkpoints written); dirty if the commit fails.</summary>
    public void CloseAll(bool clean)
    {
        if (clean)
        {
            try
            {
                CommitAll();
            }
            catch (Exception e) when (e is StreamsException or KafkaException)
            {
                _logger.LogWarning(e, "Final commit failed; closing tasks without committing");
                clean = false;
            }
        }
        if (!clean) AbortQuietly();
        foreach (var active in _tasks.Values.Concat(_suspended.Values)) CloseTask(active, clean);
        _tasks.Clear();
        _suspended.Clear();
        Reindex();
    }

    private void AbortQuietly()
    {
        try
        {
            _producer.AbortTransaction();
        }
        catch (Exception e) when (e is StreamsException or KafkaException)
        {
            _logger.LogDebug(e, "Aborting the transaction failed; its coordinator aborts it on timeout or fencing");
        }
    }

    private ActiveTask CreateTask(TaskId id, IReadOnlyCollection<TopicPartition> inputs)
    {
        var topology = _shared.Topology.Builder.BuildSubtopology(id.SubtopologyId, _shared.Config.ApplicationId);
        var stateManager = new ProcessorStateManager(id, topology.ChangelogTopicByStore);
        var collector = new RecordCollector(_producer, id, _shared.Config.ProductionExceptionHandler,
            topology.ChangelogTopicByStore.Values, _shared.Metrics);
        var task = new StreamTask(id, topology, inputs, collector, stateManager, _shared.Time, _shared.TaskSettings)
        {
            EndOffsetOf = EndOffsetOf,
        };
        var checkpoint = new TaskCheckpoint(Path.Combine(_shared.Config.StateDir, _shared.Config.ApplicationId, id.ToString()));
        task.InitializeStateStores();
        new ChangelogRestorer(_restoreConsumer, _shared, _logger).Restore(stateManager, checkpoint);
        task.CompleteRestoration();
        _logger.LogDebug("Created task {TaskId} for {Partitions}", id, string.Join(",", inputs));
        return new ActiveTask(task, collector, checkpoint);
    }

    /// <summary>The high watermark librdkafka last saw in a fetch response: a local lookup, no request.</summary>
    private long? EndOffsetOf(TopicPartition partition)
    {
        var high = Consumer?.GetWatermarkOffsets(partition).High ?? Offset.Unset;
        return high == Offset.Unset ? null : high.Value;
    }

    private void CloseTask(ActiveTask active, bool clean)
    {
        try
        {
            active.Task.Close();
            if (clean && active.Task.StateManager.ChangelogPartitions.Count > 0)
                active.Checkpoint.Write(active.Task.StateManager.ChangelogOffsets);
            else if (!clean)
                active.Checkpoint.Delete();
        }
        catch (Exception e) when (e is StreamsException or IOException or InvalidOperationException)
        {
            _logger.LogWarning(e, "Closing task {TaskId} failed", active.Task.Id);
        }
        active.Collector.Reset();
    }

    private void Reindex()
    {
        _byPartition.Clear();
        foreach (var active in _tasks.Values)
            foreach (var partition in active.Task.InputPartitions) _byPartition[partition] = active.Task;
        _taskArray = _tasks.Values.Select(t => t.Task).ToArray();
    }
}
