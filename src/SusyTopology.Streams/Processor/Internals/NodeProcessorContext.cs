using SusyTopology.Streams.Processor.Api;
using SusyTopology.Streams.State;

namespace SusyTopology.Streams.Processor.Internals;

/// <summary>
/// The context one processor node sees: task-wide facts come from the shared <see cref="TaskExecutionContext"/>;
/// forwarding goes to this node's own children, which are typed once at initialization.
/// </summary>
internal class NodeProcessorContext<TKeyOut, TValueOut>(TaskExecutionContext task, ProcessorNode node,
    ProcessorNode<TKeyOut, TValueOut>[] children) : IProcessorContext<TKeyOut, TValueOut>
{
    protected TaskExecutionContext Task { get; } = task;

    public string ApplicationId => Task.ApplicationId;
    public TaskId TaskId => Task.TaskId;
    public RecordMetadata? RecordMetadata => Task.RecordMetadata;
    public long? InputPartitionLag => Task.InputPartitionLag();
    public long CurrentStreamTimeMs => Task.StreamTime;
    public long CurrentSystemTimeMs => Task.Time.GetUtcNow().ToUnixTimeMilliseconds();

    public TStore GetStateStore<TStore>(string name) where TStore : class, IStateStore =>
        Task.GetStateStore<TStore>(node, name);

    public ICancellable Schedule(TimeSpan interval, PunctuationType type, Action<long> callback) =>
        Task.Schedule(node, interval, type, callback);

    public void Commit() => Task.RequestCommit();

    public void Forward(Record<TKeyOut, TValueOut> record)
    {
        var previous = Task.CurrentRecordTimestamp;
        Task.CurrentRecordTimestamp = record.Timestamp;
        try
        {
            foreach (var child in children)
            {
                Task.CurrentNode = child.Name;
                child.Process(record);
            }
        }
        finally
        {
            Task.CurrentRecordTimestamp = previous;
            Task.CurrentNode = node.Name;
        }
    }

    public void Forward(Record<TKeyOut, TValueOut> record, string childName)
    {
        foreach (var child in children)
        {
            if (child.Name != childName) continue;
            var previous = Task.CurrentRecordTimestamp;
            Task.CurrentRecordTimestamp = record.Timestamp;
            Task.CurrentNode = child.Name;
            try
            {
                child.Process(record);
            }
            finally
            {
                Task.CurrentRecordTimestamp = previous;
                Task.CurrentNode = node.Name;
            }
            return;
        }
        throw new ArgumentException($"Node '{node.Name}' has no child named '{childName}'.", nameof(childName));
    }
}
