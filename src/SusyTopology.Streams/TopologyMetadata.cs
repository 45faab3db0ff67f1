using SusyTopology.Streams.Processor.Internals;
using SusyTopology.Streams.State;

namespace SusyTopology.Streams;

/// <summary>
/// What the runtime needs from a topology for one application id: per sub-topology its (resolved) source,
/// repartition, sink and changelog topics and stores; the repartition topics to create; the global stores.
/// </summary>
public sealed class TopologyMetadata
{
    private TopologyMetadata(IReadOnlyList<SubtopologyMetadata> subtopologies, IReadOnlyList<RepartitionTopicMetadata> repartitionTopics,
        IReadOnlyList<GlobalStoreMetadata> globalStores)
    {
        Subtopologies = subtopologies;
        RepartitionTopics = repartitionTopics;
        GlobalStores = globalStores;
    }

    public IReadOnlyList<SubtopologyMetadata> Subtopologies { get; }

    /// <summary>Repartition topics to create before starting; a null partition count means "as many as the upstream sub-topology's tasks".</summary>
    public IReadOnlyList<RepartitionTopicMetadata> RepartitionTopics { get; }

    public IReadOnlyList<GlobalStoreMetadata> GlobalStores { get; }

    public IEnumerable<string> GlobalTopics => GlobalStores.SelectMany(g => g.SourceTopics).Distinct();

    /// <summary>Every topic the instance's main consumer subscribes to.</summary>
    public IEnumerable<string> SourceTopics => Subtopologies.SelectMany(s => s.SourceTopics).Distinct();

    /// <summary>The sub-topology that contains the node (source, processor or sink) named <paramref name="nodeName"/>.</summary>
    public SubtopologyMetadata SubtopologyContaining(string nodeName) =>
        Subtopologies.FirstOrDefault(s => s.NodeNames.Contains(nodeName))
        ?? throw new ArgumentException($"No sub-topology has a node named '{nodeName}'.", nameof(nodeName));

    public SubtopologyMetadata SubtopologyOf(string sourceTopic) =>
        Subtopologies.FirstOrDefault(s => s.SourceTopics.Contains(sourceTopic))
        ?? throw new ArgumentException($"No sub-topology reads '{sourceTopic}'.", nameof(sourceTopic));

    internal static TopologyMetadata From(InternalTopologyBuilder builder, string applicationId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(applicationId);
        var subtopologies = new List<SubtopologyMetadata>();
        var repartition = new Dictionary<string, RepartitionTopicMetadata>(StringComparer.Ordinal);
        var groups = builder.NodeGroups();
        for (var id = 0; id < groups.Count; id++)
        {
            var group = groups[id];
            var sources = new List<string>();
            var repartitionSources = new List<string>();
            var sinks = new List<string>();
            var repartitionSinks = new List<string>();
            var stores = new List<string>();
            var changelogs = new List<string>();
            var dynamicSinks = false;
            foreach (var node in group)
            {
                foreach (var topic in node.Topics)
                {
                    sources.Add(builder.ResolveTopic(applicationId, topic));
                    if (builder.IsInternalTopic(topic)) repartitionSources.Add(builder.ResolveTopic(applicationId, topic));
                }
                if (node.Kind == InternalTopologyBuilder.NodeKind.Sink)
                {
                    if (node.Topic is null) dynamicSinks = true;
                    else
                    {
                        var resolved = builder.ResolveTopic(applicationId, node.Topic);
                        if (!sinks.Contains(resolved)) sinks.Add(resolved);
                        if (builder.IsInternalTopic(node.Topic) && !repartitionSinks.Contains(resolved)) repartitionSinks.Add(resolved);
                    }
                }
                foreach (var store in node.StoreNames)
                {
                    if (stores.Contains(store)) continue;
                    stores.Add(store);
                    if (builder.Stores[store].Builder.LoggingEnabled) changelogs.Add(StoreChangelog.TopicName(applicationId, store));
                }
            }
            subtopologies.Add(new SubtopologyMetadata(id, sources, repartitionSources, sinks, repartitionSinks, stores, changelogs, dynamicSinks)
            {
                NodeNames = group.Select(n => n.Name).ToList(),
            });
        }
        foreach (var node in builder.Nodes)
            foreach (var topic in node.Topics.Append(node.Topic ?? ""))
                if (builder.IsInternalTopic(topic))
                    repartition.TryAdd(topic, new RepartitionTopicMetadata(builder.ResolveTopic(applicationId, topic),
                        builder.RepartitionPartitions(topic)));

        var globals = builder.GlobalNodes()
            .Where(n => n.Kind == InternalTopologyBuilder.NodeKind.Processor)
            .SelectMany(p => p.StoreNames.Select(store => new GlobalStoreMetadata(store,
                p.Predecessors.SelectMany(s => builder.Nodes.First(n => n.Name == s).Topics).ToList())))
            .ToList();
        return new TopologyMetadata(subtopologies, repartition.Values.ToList(), globals);
    }
}

/// <summary>One sub-topology: it yields one task per partition number of its source topics.</summary>
public sealed record SubtopologyMetadata(
    int Id,
    IReadOnlyList<string> SourceTopics,
    IReadOnlyList<string> RepartitionSourceTopics,
    IReadOnlyList<string> SinkTopics,
    IReadOnlyList<string> RepartitionSinkTopics,
    IReadOnlyList<string> StoreNames,
    IReadOnlyList<string> ChangelogTopics,
    bool HasDynamicSinks)
{
    /// <summary>The names of the sub-topology's nodes (sources, processors, sinks).</summary>
    public IReadOnlyList<string> NodeNames { get; init; } = [];
}

public sealed record RepartitionTopicMetadata(string Name, int? Partitions);

public sealed record GlobalStoreMetadata(string StoreName, IReadOnlyList<string> SourceTopics);
