using System.Globalization;
using SusyTopology.Streams.State;

namespace SusyTopology.Streams.Processor.Internals;

/// <summary>
/// The logical topology: node factories wired by name, stores, global stores and internal topics. It splits the
/// graph into sub-topologies (nodes linked by parent edges or by a shared store; repartition topics cut the graph)
/// and builds fresh physical graphs per task. Internal topic names are kept unprefixed here and prefixed with the
/// application id only when a task is built, as Kafka Streams does.
/// </summary>
internal sealed class InternalTopologyBuilder
{
    private readonly List<NodeFactory> _nodes = new();
    private readonly Dictionary<string, NodeFactory> _nodeByName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StoreEntry> _stores = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int?> _repartitionTopics = new(StringComparer.Ordinal);
    private readonly HashSet<string> _globalTopics = new(StringComparer.Ordinal);
    private readonly HashSet<string> _sourceTopics = new(StringComparer.Ordinal);
    private int _nameIndex;

    public IReadOnlyList<NodeFactory> Nodes => _nodes;
    public IReadOnlyDictionary<string, StoreEntry> Stores => _stores;

    /// <summary>A new DSL node name, e.g. KSTREAM-FILTER-0000000003 (one counter for nodes and stores, as Kafka).</summary>
    public string NewName(string prefix) => prefix + (_nameIndex++).ToString("D10", CultureInfo.InvariantCulture);

    public bool IsInternalTopic(string rawName) => _repartitionTopics.ContainsKey(rawName);

    public int? RepartitionPartitions(string rawName) => _repartitionTopics.GetValueOrDefault(rawName);

    public string ResolveTopic(string applicationId, string rawName) =>
        IsInternalTopic(rawName) ? $"{applicationId}-{rawName}" : rawName;

    /// <summary>Declares a repartition topic (raw name, without the application id prefix).</summary>
    public void AddRepartitionTopic(string rawName, int? partitions)
    {
        if (partitions is < 1) throw new ArgumentOutOfRangeException(nameof(partitions), "a topic needs at least one partition");
        _repartitionTopics[rawName] = partitions;
    }

    public void AddSource(string name, IReadOnlyList<string> topics, Func<IReadOnlyList<string>, ProcessorNode> create,
        bool isGlobal = false)
    {
        if (topics.Count == 0) throw new ArgumentException($"Source '{name}' needs at least one topic.", nameof(topics));
        foreach (var topic in topics)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(topic);
            if (_sourceTopics.Contains(topic) || _globalTopics.Contains(topic))
                throw new InvalidOperationException($"Topic '{topic}' is already read by another source.");
        }
        foreach (var topic in topics) (isGlobal ? _globalTopics : _sourceTopics).Add(topic);
        AddNode(new NodeFactory(NodeKind.Source, name, [], _nodes.Count, isGlobal)
        {
            Topics = topics,
            CreateSource = create,
        });
    }

    public void AddProcessor(string name, Func<ProcessorNode> create, IReadOnlyList<string> parents, bool isGlobal = false)
    {
        if (parents.Count == 0) throw new ArgumentException($"Processor '{name}' needs at least one parent.", nameof(parents));
        AddNode(new NodeFactory(NodeKind.Processor, name, parents, _nodes.Count, isGlobal) { CreateProcessor = create });
    }

    public void AddSink(string name, string? topic, string? extractorDescription, Func<string?, ProcessorNode> create,
        IReadOnlyList<string> parents)
    {
        if (parents.Count == 0) throw new ArgumentException($"Sink '{name}' needs at least one parent.", nameof(parents));
        AddNode(new NodeFactory(NodeKind.Sink, name, parents, _nodes.Count, false)
        {
            Topic = topic,
            ExtractorDescription = extractorDescription,
            CreateSink = create,
        });
    }

    private void AddNode(NodeFactory node)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(node.Name);
        if (_nodeByName.ContainsKey(node.Name)) throw new InvalidOperationException($"Node name '{node.Name}' is already used.");
        foreach (var parent in node.Predecessors)
        {
            if (!_nodeByName.TryGetValue(parent, out var parentNode))
                throw new InvalidOperationException($"Parent '{parent}' of '{node.Name}' does not exist (add parents first).");
            if (parentNode.Kind == NodeKind.Sink) throw new InvalidOperationException($"Sink '{parent}' cannot have children.");
            if (parentNode.IsGlobal != node.IsGlobal)
                throw new InvalidOperationException($"'{node.Name}' cannot mix global and non-global parents.");
        }
        _nodes.Add(node);
        _nodeByName.Add(node.Name, node);
    }

    public void AddStateStore(IStoreBuilder builder, IEnumerable<string> processorNames)
    {
        if (_stores.ContainsKey(builder.Name)) throw new InvalidOperationException($"Store '{builder.Name}' is already added.");
        _stores.Add(builder.Name, new StoreEntry(builder, IsGlobal: false));
        ConnectProcessorAndStores(processorNames, [builder.Name]);
    }

    public void AddGlobalStore(IStoreBuilder builder, string processorName)
    {
        if (builder.LoggingEnabled)
            throw new InvalidOperationException($"Global store '{builder.Name}' must have logging disabled: its topic is its changelog.");
        if (_stores.ContainsKey(builder.Name)) throw new InvalidOperationException($"Store '{builder.Name}' is already added.");
        _stores.Add(builder.Name, new StoreEntry(builder, IsGlobal: true));
        _nodeByName[processorName].StoreNames.Add(builder.Name);
    }

    public void ConnectProcessorAndStores(IEnumerable<string> processorNames, IEnumerable<string> storeNames)
    {
        var stores = storeNames.ToList();
        foreach (var processorName in processorNames)
        {
            if (!_nodeByName.TryGetValue(processorName, out var node) || node.Kind != NodeKind.Processor)
                throw new InvalidOperationException($"'{processorName}' is not a processor of this topology.");
            foreach (var store in stores)
            {
                if (!_stores.TryGetValue(store, out var entry))
                    throw new InvalidOperationException($"Store '{store}' is not added to this topology.");
                if (entry.IsGlobal) throw new InvalidOperationException($"Global store '{store}' is readable by every processor; do not connect it.");
                node.StoreNames.Add(store);
            }
        }
    }

    /// <summary>The sub-topologies as ordered lists of node factories (global nodes excluded).</summary>
    public IReadOnlyList<IReadOnlyList<NodeFactory>> NodeGroups()
    {
        var parent = new Dictionary<string, string>(StringComparer.Ordinal);
        string Find(string x)
        {
            while (parent[x] != x) x = parent[x] = parent[parent[x]];
            return x;
        }
        void Union(string a, string b) => parent[Find(a)] = Find(b);

        var local = _nodes.Where(n => !n.IsGlobal).ToList();
        foreach (var node in local) parent[node.Name] = node.Name;
        foreach (var node in local)
            foreach (var predecessor in node.Predecessors) Union(node.Name, predecessor);
        var firstUserOfStore = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var node in local)
            foreach (var store in node.StoreNames)
                if (firstUserOfStore.TryGetValue(store, out var other)) Union(node.Name, other);
                else firstUserOfStore[store] = node.Name;

        return local.GroupBy(n => Find(n.Name))
            .Select(g => (IReadOnlyList<NodeFactory>)g.OrderBy(n => n.Order).ToList())
            .OrderBy(g => g[0].Order)
            .ToList();
    }

    public IReadOnlyList<NodeFactory> GlobalNodes() => _nodes.Where(n => n.IsGlobal).ToList();

    /// <summary>Builds a fresh physical graph of sub-topology <paramref name="subtopologyId"/> for one task.</summary>
    public ProcessorTopology BuildSubtopology(int subtopologyId, string applicationId)
    {
        var groups = NodeGroups();
        if (subtopologyId < 0 || subtopologyId >= groups.Count)
            throw new ArgumentOutOfRangeException(nameof(subtopologyId), $"the topology has {groups.Count} sub-topologies");
        return Build(subtopologyId, groups[subtopologyId], applicationId);
    }

    /// <summary>Builds the global updater's graph (empty when the topology has no global store).</summary>
    public ProcessorTopology BuildGlobal(string applicationId) => Build(-1, GlobalNodes(), applicationId);

    private ProcessorTopology Build(int id, IReadOnlyList<NodeFactory> factories, string applicationId)
    {
        var built = new Dictionary<string, ProcessorNode>(StringComparer.Ordinal);
        var nodes = new List<ProcessorNode>();
        var sources = new Dictionary<string, ISourceNode>(StringComparer.Ordinal);
        var storeNames = new List<string>();
        foreach (var factory in factories)
        {
            ProcessorNode node = factory.Kind switch
            {
                NodeKind.Source => factory.CreateSource!(factory.Topics.Select(t => ResolveTopic(applicationId, t)).ToList()),
                NodeKind.Processor => factory.CreateProcessor!(),
                _ => factory.CreateSink!(factory.Topic is null ? null : ResolveTopic(applicationId, factory.Topic)),
            };
            foreach (var store in factory.StoreNames)
            {
                node.StoreNames.Add(store);
                if (!storeNames.Contains(store)) storeNames.Add(store);
            }
            foreach (var predecessor in factory.Predecessors) built[predecessor].Children.Add(node);
            if (node is ISourceNode source)
                foreach (var topic in source.Topics) sources.Add(topic, source);
            built.Add(factory.Name, node);
            nodes.Add(node);
        }
        var stores = new List<IStateStore>();
        var changelogs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var storeName in storeNames)
        {
            var entry = _stores[storeName];
            stores.Add(entry.Builder.Build());
            if (entry.Builder.LoggingEnabled && !entry.IsGlobal)
                changelogs[storeName] = StoreChangelog.TopicName(applicationId, storeName);
        }
        return new ProcessorTopology(id, nodes, sources, stores, changelogs);
    }

    public enum NodeKind
    {
        Source,
        Processor,
        Sink,
    }

    public sealed record StoreEntry(IStoreBuilder Builder, bool IsGlobal);

    /// <summary>How to create one node for each task, and its place in the logical graph.</summary>
    public sealed class NodeFactory(NodeKind kind, string name, IReadOnlyList<string> predecessors, int order, bool isGlobal)
    {
        public NodeKind Kind { get; } = kind;
        public string Name { get; } = name;
        public IReadOnlyList<string> Predecessors { get; } = predecessors;
        public int Order { get; } = order;
        public bool IsGlobal { get; } = isGlobal;
        public HashSet<string> StoreNames { get; } = new(StringComparer.Ordinal);
        public IReadOnlyList<string> Topics { get; init; } = [];
        public string? Topic { get; init; }
        public string? ExtractorDescription { get; init; }
        public Func<IReadOnlyList<string>, ProcessorNode>? CreateSource { get; init; }
        public Func<ProcessorNode>? CreateProcessor { get; init; }
        public Func<string?, ProcessorNode>? CreateSink { get; init; }
    }
}
