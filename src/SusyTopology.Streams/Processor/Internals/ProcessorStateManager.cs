using Confluent.Kafka;
using SusyTopology.Streams.Processor.Api;
using SusyTopology.Streams.State;

namespace SusyTopology.Streams.Processor.Internals;

/// <summary>
/// Owns a task's stores: registration by the stores themselves, changelog partitions and restoration. The runtime
/// reads <see cref="ChangelogPartitions"/>, feeds changelog records to <see cref="Restore"/> and keeps checkpoints
/// from <see cref="ChangelogOffsets"/>; it reports what the task wrote with <see cref="UpdateChangelogOffsets"/>.
/// </summary>
internal sealed class ProcessorStateManager
{
    private readonly Dictionary<string, IStateStore> _stores = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IStateRestoreCallback> _restoreCallbacks = new(StringComparer.Ordinal);
    private readonly IReadOnlyDictionary<string, string> _changelogTopicByStore;
    private readonly Dictionary<TopicPartition, string> _storeByChangelog = new();
    private readonly Dictionary<TopicPartition, long> _changelogOffsets = new();

    /// <param name="taskId">The task; its partition number is every changelog's partition.</param>
    /// <param name="changelogTopicByStore">Changelog topic of each change-logged store of the task.</param>
    public ProcessorStateManager(TaskId taskId, IReadOnlyDictionary<string, string> changelogTopicByStore)
    {
        TaskId = taskId;
        _changelogTopicByStore = changelogTopicByStore;
        foreach (var (store, topic) in changelogTopicByStore)
            _storeByChangelog[new TopicPartition(topic, new Partition(taskId.Partition))] = store;
    }

    public TaskId TaskId { get; }

    public IReadOnlyCollection<IStateStore> Stores => _stores.Values;

    /// <summary>The changelog partition of every change-logged store, mapped to its store name.</summary>
    public IReadOnlyDictionary<TopicPartition, string> ChangelogPartitions => _storeByChangelog;

    /// <summary>The last offset restored from or written to each changelog partition (absent: none yet).</summary>
    public IReadOnlyDictionary<TopicPartition, long> ChangelogOffsets => _changelogOffsets;

    public string? ChangelogTopicOf(string storeName) => _changelogTopicByStore.GetValueOrDefault(storeName);

    public void Register(IStateStore store, IStateRestoreCallback restoreCallback)
    {
        if (!_stores.TryAdd(store.Name, store))
            throw new InvalidOperationException($"Store '{store.Name}' is registered twice in task {TaskId}.");
        _restoreCallbacks[store.Name] = restoreCallback;
    }

    public IStateStore? GetStore(string name) => _stores.GetValueOrDefault(name);

    /// <summary>Replays changelog records into the store that owns <paramref name="changelogPartition"/>.</summary>
    public void Restore(TopicPartition changelogPartition, IEnumerable<ConsumeResult<byte[], byte[]>> records)
    {
        if (!_storeByChangelog.TryGetValue(changelogPartition, out var storeName))
            throw new ArgumentException($"{changelogPartition} is not a changelog of task {TaskId}.", nameof(changelogPartition));
        if (!_restoreCallbacks.TryGetValue(storeName, out var callback))
            throw new InvalidOperationException($"Store '{storeName}' must be initialized before it is restored.");
        foreach (var record in records)
        {
            if (record.Message.Key is null) continue; // changelog records always carry keys; skip foreign junk
            callback.Restore(record.Message.Key, record.Message.Value);
            _changelogOffsets[changelogPartition] = record.Offset.Value;
        }
    }

    /// <summary>Records the offsets the producer acknowledged for this task's changelog partitions.</summary>
    public void UpdateChangelogOffsets(IReadOnlyDictionary<TopicPartition, long> writtenOffsets)
    {
        foreach (var (partition, offset) in writtenOffsets)
            if (_storeByChangelog.ContainsKey(partition)) _changelogOffsets[partition] = offset;
    }

    public void Flush()
    {
        foreach (var store in _stores.Values) store.Flush();
    }

    public void Close()
    {
        List<Exception>? errors = null;
        foreach (var store in _stores.Values)
        {
            try
            {
                if (store.IsOpen) store.Close();
            }
            catch (Exception exception)
            {
                (errors ??= new()).Add(exception);
            }
        }
        if (errors is not null) throw new AggregateException($"Closing the stores of task {TaskId} failed.", errors);
    }
}
