using Confluent.Kafka;
using SusyTopology.Streams.Processor.Api;
using SusyTopology.Streams.Processor.Internals;
using SusyTopology.Streams.State;

namespace SusyTopology.Streams.TestDriver;

/// <summary>
/// Runs a topology synchronously, deterministically and single-threaded, without a broker: one
/// <see cref="StreamTask"/> (the runtime's own class) per sub-topology on partition 0, plus the global updater.
/// Every piped record is processed at once, followed by stream-time punctuation; records written to a topic the
/// topology itself reads (repartition topics, a topic feeding a global table) are fed back in, as a cluster would.
/// Everything written — sinks, changelogs, dead letters — can be read with <see cref="CreateOutputTopic{TKey,TValue}"/>.
/// </summary>
public sealed class TopologyTestDriver : IDisposable
{
    private readonly ManualTimeProvider _time;
    private readonly List<StreamTask> _tasks = new();
    private readonly Dictionary<string, StreamTask> _taskByTopic = new(StringComparer.Ordinal);
    private readonly GlobalStateUpdateTask? _globalTask;
    private readonly HashSet<string> _globalTopics = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _nextOffset = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Queue<ConsumeResult<byte[], byte[]>>> _outputs = new(StringComparer.Ordinal);
    private readonly Queue<ConsumeResult<byte[], byte[]>> _feedback = new();
    private bool _disposed;

    public TopologyTestDriver(Topology topology, TopologyTestDriverOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(topology);
        options ??= new TopologyTestDriverOptions();
        ApplicationId = options.ApplicationId;
        _time = new ManualTimeProvider(options.InitialWallClockTime);
        var collector = new CapturingCollector(this);

        var globalTopology = topology.Builder.BuildGlobal(ApplicationId);
        IReadOnlyDictionary<string, IStateStore> globalStores = new Dictionary<string, IStateStore>();
        if (globalTopology.Nodes.Count > 0)
        {
            var globalSettings = new StreamTaskSettings
            {
                ApplicationId = ApplicationId,
                DeserializationExceptionHandler = options.DeserializationExceptionHandler,
            };
            _globalTask = new GlobalStateUpdateTask(globalTopology, globalSettings, _time, collector);
            _globalTask.Initialize();
            globalStores = _globalTask.Stores;
            foreach (var topic in _globalTask.SourceTopics) _globalTopics.Add(topic);
        }

        var settings = new StreamTaskSettings
        {
            ApplicationId = ApplicationId,
            DeserializationExceptionHandler = options.DeserializationExceptionHandler,
            GlobalStores = globalStores,
        };
        var metadata = topology.Metadata(ApplicationId);
        foreach (var subtopology in metadata.Subtopologies)
        {
            var processorTopology = topology.Builder.BuildSubtopology(subtopology.Id, ApplicationId);
            var taskId = new TaskId(subtopology.Id, 0);
            var partitions = subtopology.SourceTopics.Select(t => new TopicPartition(t, new Partition(0))).ToList();
            var task = new StreamTask(taskId, processorTopology, partitions, collector,
                new ProcessorStateManager(taskId, processorTopology.ChangelogTopicByStore), _time, settings)
            {
                // Every record written to a topic is "fetched" at once: the lag counts what is written but not processed.
                EndOffsetOf = partition => _nextOffset.GetValueOrDefault(partition.Topic),
            };
            task.InitializeStateStores();
            task.CompleteRestoration();
            _tasks.Add(task);
            foreach (var topic in subtopology.SourceTopics) _taskByTopic.Add(topic, task);
        }
    }

    public string ApplicationId { get; }

    /// <summary>The driver's wall clock (moved only by <see cref="AdvanceWallClockTime"/>).</summary>
    public DateTimeOffset WallClockTime => _time.GetUtcNow();

    /// <summary>Every topic something was written to, including internal and changelog topics.</summary>
    public IReadOnlyCollection<string> ProducedTopicNames => _outputs.Keys;

    public TestInputTopic<TKey, TValue> CreateInputTopic<TKey, TValue>(string topic, ISerializer<TKey> keySerializer,
        ISerializer<TValue> valueSerializer, DateTimeOffset? startTimestamp = null, TimeSpan? autoAdvance = null)
    {
        if (!_taskByTopic.ContainsKey(topic) && !_globalTopics.Contains(topic))
            throw new ArgumentException($"The topology does not read topic '{topic}'.", nameof(topic));
        return new TestInputTopic<TKey, TValue>(this, topic, keySerializer, valueSerializer,
            startTimestamp ?? WallClockTime, autoAdvance ?? TimeSpan.Zero);
    }

    public TestOutputTopic<TKey, TValue> CreateOutputTopic<TKey, TValue>(string topic, IDeserializer<TKey> keyDeserializer,
        IDeserializer<TValue> valueDeserializer) => new(this, topic, keyDeserializer, valueDeserializer);

    /// <summary>Moves the wall clock and runs the wall-clock punctuations that became due.</summary>
    public void AdvanceWallClockTime(TimeSpan advance)
    {
        EnsureOpen();
        _time.Advance(advance);
        foreach (var task in _tasks)
            if (task.MaybePunctuateSystemTime()) CommitIfNeeded(task);
        DrainFeedback();
    }

    public IStateStore? GetStateStore(string name)
    {
        foreach (var task in _tasks)
            if (task.StateManager.GetStore(name) is { } store) return store;
        return _globalTask?.StateManager.GetStore(name);
    }

    public IKeyValueStore<TKey, TValue> GetKeyValueStore<TKey, TValue>(string name) =>
        GetStateStore(name) as IKeyValueStore<TKey, TValue>
        ?? throw new ArgumentException($"No key-value store '{name}' of ({typeof(TKey).Name}, {typeof(TValue).Name}).", nameof(name));

    public IWindowStore<TKey, TValue> GetWindowStore<TKey, TValue>(string name) =>
        GetStateStore(name) as IWindowStore<TKey, TValue>
        ?? throw new ArgumentException($"No window store '{name}' of ({typeof(TKey).Name}, {typeof(TValue).Name}).", nameof(name));

    internal void Pipe(string topic, byte[]? key, byte[]? value, Headers? headers, long timestampMs)
    {
        EnsureOpen();
        Route(NewRecord(topic, key, value, headers, timestampMs));
        DrainFeedback();
    }

    internal void PipeBatch(string topic, IReadOnlyList<(byte[]? Key, byte[]? Value, Headers? Headers, long TimestampMs)> batch)
    {
        EnsureOpen();
        var records = batch.Select(r => NewRecord(topic, r.Key, r.Value, r.Headers, r.TimestampMs)).ToList();
        foreach (var record in records) Route(record);
        DrainFeedback();
    }

    private ConsumeResult<byte[], byte[]> NewRecord(string topic, byte[]? key, byte[]? value, Headers? headers, long timestampMs)
    {
        var offset = _nextOffset.GetValueOrDefault(topic);
        _nextOffset[topic] = offset + 1;
        return new ConsumeResult<byte[], byte[]>
        {
            Topic = topic,
            Partition = new Partition(0),
            Offset = new Offset(offset),
            Message = new Message<byte[], byte[]>
            {
                Key = key!,
                Value = value!,
                Headers = headers ?? new Headers(),
                Timestamp = new Timestamp(timestampMs, TimestampType.CreateTime),
            },
        };
    }

    private void Route(ConsumeResult<byte[], byte[]> record)
    {
        if (_globalTopics.Contains(record.Topic))
        {
            _globalTask!.Update(record);
            return;
        }
        var task = _taskByTopic[record.Topic];
        task.AddRecord(record);
        while (task.Process()) { }
        task.MaybePunctuateStreamTime();
        CommitIfNeeded(task);
    }

    private static void CommitIfNeeded(StreamTask task)
    {
        if (!task.CommitNeeded && !task.CommitRequested) return;
        task.PrepareCommit();
        task.PostCommit();
    }

    private void DrainFeedback()
    {
        while (_feedback.TryDequeue(out var record)) Route(record);
    }

    private void Capture(string topic, byte[]? key, byte[]? value, Headers? headers, long timestamp)
    {
        var record = NewRecord(topic, key, value, headers, timestamp);
        if (!_outputs.TryGetValue(topic, out var queue)) _outputs[topic] = queue = new();
        queue.Enqueue(record);
        if (_taskByTopic.ContainsKey(topic) || _globalTopics.Contains(topic)) _feedback.Enqueue(record);
    }

    internal bool TryReadOutput(string topic, out ConsumeResult<byte[], byte[]> record)
    {
        record = null!;
        return _outputs.TryGetValue(topic, out var queue) && queue.TryDequeue(out record!);
    }

    internal int OutputQueueSize(string topic) => _outputs.TryGetValue(topic, out var queue) ? queue.Count : 0;

    private void EnsureOpen() => ObjectDisposedException.ThrowIf(_disposed, this);

    /// <summary>Closes every task (processors, then stores).</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        foreach (var task in _tasks) task.Close();
        _globalTask?.Close();
    }

    /// <summary>Collects what tasks write; partitions are ignored because the driver runs partition 0 only.</summary>
    private sealed class CapturingCollector(TopologyTestDriver driver) : IRecordCollector
    {
        public void Send(string topic, byte[]? key, byte[]? value, Headers? headers, long timestamp, int? partition) =>
            driver.Capture(topic, key, value, headers, timestamp);

        public void Flush() { }
    }
}
