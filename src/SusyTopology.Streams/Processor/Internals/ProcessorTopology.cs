using SusyTopology.Streams.State;

namespace SusyTopology.Streams.Processor.Internals;

/// <summary>
/// The physical graph of one task (or of the global updater): freshly created nodes and stores, never shared
/// between tasks, with every internal topic name already prefixed by the application id.
/// </summary>
internal sealed class ProcessorTopology(
    int subtopologyId,
    IReadOnlyList<ProcessorNode> nodes,
    IReadOnlyDictionary<string, ISourceNode> sourcesByTopic,
    IReadOnlyList<IStateStore> stores,
    IReadOnlyDictionary<string, string> changelogTopicByStore)
{
    public int SubtopologyId { get; } = subtopologyId;

    /// <summary>All nodes in creation order, so parents are initialized before their children.</summary>
    public IReadOnlyList<ProcessorNode> Nodes { get; } = nodes;

    public IReadOnlyDictionary<string, ISourceNode> SourcesByTopic { get; } = sourcesByTopic;

    public IReadOnlyList<IStateStore> Stores { get; } = stores;

    /// <summary>Changelog topic of every change-logged store of this graph.</summary>
    public IReadOnlyDictionary<string, string> ChangelogTopicByStore { get; } = changelogTopicByStore;

    public IEnumerable<string> SourceTopics => SourcesByTopic.Keys;
}
