using Confluent.Kafka;
using SusyTopology.Streams.Processor.Api;
using SusyTopology.Streams.Runtime;
using SusyTopology.Streams.State;

namespace SusyTopology.Streams.Processor.Internals;

/// <summary>
/// Keeps the instance's global stores up to date from ALL partitions of their source topics (Kafka's global
/// state update task). Global stores are not change-logged: their source topic is their changelog, so on start
/// the runtime simply replays the topics from the beginning through <see cref="Update"/>.
/// </summary>
internal sealed class GlobalStateUpdateTask
{
    public static readonly TaskId GlobalTaskId = new(-1, -1);

    private readonly ProcessorTopology _topology;
    private readonly TaskExecutionContext _context;
    private readonly Dictionary<TopicPartition, long> _offsets = new();

    /// <param name="collector">
    /// Optional: lets a dead-letter deserialization handler write unreadable global records; without one, such a
    /// handler fails with a clear error. Global processors never send records themselves.
    /// </param>
    public GlobalStateUpdateTask(ProcessorTopology topology, StreamTaskSettings settings, TimeProvider time,
        IRecordCollector? collector = null)
    {
        _topology = topology;
        StateManager = new ProcessorStateManager(GlobalTaskId, new Dictionary<string, string>());
        _context = new TaskExecutionContext(GlobalTaskId, settings, collector, StateManager, time);
    }

    public ProcessorStateManager StateManager { get; }

    public IEnumerable<string> SourceTopics => _topology.SourceTopics;

    /// <summary>The global stores by name, to hand to every stream task's settings.</summary>
    public IReadOnlyDictionary<string, IStateStore> Stores => _topology.Stores.ToDictionary(s => s.Name, StringComparer.Ordinal);

    /// <summary>Next offset to read of every partition applied so far.</summary>
    public IReadOnlyDictionary<TopicPartition, long> Offsets => _offsets;

    public void Initialize()
    {
        foreach (var store in _topology.Stores) store.Init(_context, store);
        foreach (var node in _topology.Nodes) node.Init(_context);
    }

    public void Update(ConsumeResult<byte[], byte[]> record)
    {
        if (!_topology.SourcesByTopic.TryGetValue(record.Topic, out var source))
            throw new ArgumentException($"'{record.Topic}' is not a global topic.", nameof(record));
        _context.RecordMetadata = new RecordMetadata(record.Topic, record.Partition.Value, record.Offset.Value);
        try
        {
            source.Process(record, _context.StreamTime);
        }
        catch (Exception exception) when (exception is not StreamsException)
        {
            throw new StreamsException($"Exception caught updating global state from {record.TopicPartitionOffset}: {exception.Message}", exception);
        }
        finally
        {
            _context.RecordMetadata = null;
        }
        _offsets[record.TopicPartition] = record.Offset.Value + 1;
    }

    public void Flush() => StateManager.Flush();

    public void Close()
    {
        foreach (var node in _topology.Nodes) node.Close();
        StateManager.Close();
    }
}
