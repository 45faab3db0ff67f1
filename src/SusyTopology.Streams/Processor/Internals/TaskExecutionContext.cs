using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using SusyTopology.Streams.Processor.Api;
using SusyTopology.Streams.Runtime;
using SusyTopology.Streams.State;

namespace SusyTopology.Streams.Processor.Internals;

/// <summary>
/// The mutable per-task state every node context shares: the record being processed, stream time, the schedules,
/// the stores and the collector. Single-threaded by construction: a task runs on one thread at a time.
/// </summary>
internal sealed class TaskExecutionContext : IStateStoreContext
{
    private readonly StreamTaskSettings _settings;
    private readonly IRecordCollector? _collector;

    public TaskExecutionContext(TaskId taskId, StreamTaskSettings settings, IRecordCollector? collector,
        ProcessorStateManager stateManager, TimeProvider time)
    {
        TaskId = taskId;
        _settings = settings;
        _collector = collector;
        StateManager = stateManager;
        Time = time;
    }

    public string ApplicationId => _settings.ApplicationId;
    public TaskId TaskId { get; }
    public TimeProvider Time { get; }
    public ProcessorStateManager StateManager { get; }

    public IRecordCollector Collector =>
        _collector ?? throw new InvalidOperationException($"Task {TaskId} has no record collector: global processors cannot send records.");

    public RecordMetadata? RecordMetadata { get; set; }

    /// <summary>The log-end offset (high watermark) of an input partition as the consumer last saw it; null when unknown.</summary>
    public Func<TopicPartition, long?>? EndOffsetOf { get; set; }

    public long? InputPartitionLag()
    {
        if (RecordMetadata is not { } m || EndOffsetOf is not { } endOffsetOf) return null;
        var end = endOffsetOf(new TopicPartition(m.Topic, new Partition(m.Partition)));
        return end is { } e ? Math.Max(0, e - (m.Offset + 1)) : null;
    }
    public long CurrentRecordTimestamp { get; set; }
    public long StreamTime { get; set; } = -1;
    public string? CurrentNode { get; set; }
    public bool CommitRequested { get; set; }

    public PunctuationQueue StreamTimePunctuations { get; } = new();
    public PunctuationQueue WallClockPunctuations { get; } = new();

    public long WallClockMs => Time.GetUtcNow().ToUnixTimeMilliseconds();

    public void RequestCommit() => CommitRequested = true;

    public TStore GetStateStore<TStore>(ProcessorNode node, string name) where TStore : class, IStateStore
    {
        IStateStore? store = null;
        if (node.StoreNames.Contains(name)) store = StateManager.GetStore(name);
        else if (_settings.GlobalStores.TryGetValue(name, out var global)) store = global;
        if (store is null)
            throw new InvalidOperationException(
                $"Processor '{node.Name}' has no access to store '{name}': connect it when adding the processor.");
        return store as TStore ?? throw new InvalidCastException(
            $"Store '{name}' is a {store.GetType().Name}, not a {typeof(TStore).Name}.");
    }

    public ICancellable Schedule(ProcessorNode node, TimeSpan interval, PunctuationType type, Action<long> callback)
    {
        var intervalMs = (long)interval.TotalMilliseconds;
        if (intervalMs < 1) throw new ArgumentOutOfRangeException(nameof(interval), "punctuation interval must be at least 1 ms");
        ArgumentNullException.ThrowIfNull(callback);
        if (type == PunctuationType.StreamTime)
        {
            // Aligned to 0 and due as soon as stream time is known, as in Kafka Streams.
            var schedule = new PunctuationSchedule(node, intervalMs, callback, 0);
            StreamTimePunctuations.Add(schedule);
            return schedule;
        }
        var wallClock = new PunctuationSchedule(node, intervalMs, callback, WallClockMs + intervalMs);
        WallClockPunctuations.Add(wallClock);
        return wallClock;
    }

    public void Register(IStateStore store, IStateRestoreCallback restoreCallback) =>
        StateManager.Register(store, restoreCallback);

    public void LogChange(string storeName, byte[] key, byte[]? value, long timestamp)
    {
        var topic = StateManager.ChangelogTopicOf(storeName)
            ?? throw new InvalidOperationException($"Store '{storeName}' is not change-logged in task {TaskId}.");
        Collector.Send(topic, key, value, null, Math.Max(0, timestamp), TaskId.Partition);
    }

    public void SkipInvalidTimestamp(string sourceNode, ConsumeResult<byte[], byte[]> raw, long timestamp)
    {
        TaskMetrics.RecordDropped(ApplicationId, TaskId, TaskMetrics.InvalidTimestamp);
        _settings.Logger.LogWarning("Task {TaskId} skips {Topic}-{Partition}@{Offset}: source {Source} extracted the invalid timestamp {Timestamp}",
            TaskId, raw.Topic, raw.Partition.Value, raw.Offset.Value, sourceNode, timestamp);
    }

    public void HandleDeserializationError(string sourceNode, ConsumeResult<byte[], byte[]> raw, Exception exception)
    {
        var response = _settings.DeserializationExceptionHandler.Handle(
            new DeserializationErrorContext(ApplicationId, TaskId, sourceNode, Collector), raw, exception);
        if (response == DeserializationHandlerResponse.Fail)
            throw new StreamsException(
                $"Deserialization exception handler is set to fail upon a deserialization error: task {TaskId}, " +
                $"source {sourceNode}, {raw.Topic}-{raw.Partition.Value}@{raw.Offset.Value}.", exception);
        TaskMetrics.RecordDropped(ApplicationId, TaskId, TaskMetrics.DeserializationError);
    }
}
