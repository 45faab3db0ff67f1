using SusyTopology.Streams.Processor.Api;

namespace SusyTopology.Streams.Processor.Internals;

/// <summary>A node of a task's physical processor graph.</summary>
internal abstract class ProcessorNode(string name)
{
    public string Name { get; } = name;

    public List<ProcessorNode> Children { get; } = new();

    /// <summary>The stores this node may open (global stores are always reachable).</summary>
    public HashSet<string> StoreNames { get; } = new(StringComparer.Ordinal);

    public abstract void Init(TaskExecutionContext context);

    public virtual void Close() { }

    /// <summary>
    /// The children as nodes accepting (TKey, TValue). The logical graph is untyped, so a child wired to a parent
    /// of other types is reported here, at task creation, rather than as an invalid cast per record.
    /// </summary>
    protected ProcessorNode<TKey, TValue>[] TypedChildren<TKey, TValue>()
    {
        var typed = new ProcessorNode<TKey, TValue>[Children.Count];
        for (var i = 0; i < Children.Count; i++)
            typed[i] = Children[i] as ProcessorNode<TKey, TValue> ?? throw new InvalidOperationException(
                $"Node '{Name}' forwards ({typeof(TKey).Name}, {typeof(TValue).Name}) records but its child " +
                $"'{Children[i].Name}' accepts {Children[i].GetType().GetGenericArguments() switch
                {
                    { Length: >= 2 } args => $"({args[0].Name}, {args[1].Name})",
                    _ => "other types",
                }}.");
        return typed;
    }
}

/// <summary>A node that accepts typed records from its parent.</summary>
internal abstract class ProcessorNode<TKey, TValue>(string name) : ProcessorNode(name)
{
    public abstract void Process(Record<TKey, TValue> record);
}
