using System.Text;
using SusyTopology.Streams.Processor.Internals;

namespace SusyTopology.Streams;

/// <summary>The logical structure of a <see cref="Topology"/>; <see cref="ToString"/> prints it as Kafka Streams does.</summary>
public sealed class TopologyDescription
{
    private TopologyDescription(IReadOnlyList<SubtopologyDescription> subtopologies, IReadOnlyList<GlobalStoreDescription> globalStores)
    {
        Subtopologies = subtopologies;
        GlobalStores = globalStores;
    }

    public IReadOnlyList<SubtopologyDescription> Subtopologies { get; }
    public IReadOnlyList<GlobalStoreDescription> GlobalStores { get; }

    internal static TopologyDescription From(InternalTopologyBuilder builder)
    {
        var all = builder.Nodes;
        var successors = all.ToDictionary(n => n.Name, _ => new List<string>(), StringComparer.Ordinal);
        foreach (var node in all)
            foreach (var predecessor in node.Predecessors) successors[predecessor].Add(node.Name);

        NodeDescription Describe(InternalTopologyBuilder.NodeFactory node) => new(
            node.Name,
            node.Kind switch
            {
                InternalTopologyBuilder.NodeKind.Source => NodeType.Source,
                InternalTopologyBuilder.NodeKind.Processor => NodeType.Processor,
                _ => NodeType.Sink,
            },
            node.Kind == InternalTopologyBuilder.NodeKind.Sink ? (node.Topic is null ? [] : [node.Topic]) : node.Topics,
            node.ExtractorDescription,
            node.StoreNames.ToList(),
            node.Predecessors,
            successors[node.Name]);

        var groups = builder.NodeGroups();
        var subtopologies = groups.Select((group, id) => new SubtopologyDescription(id, group.Select(Describe).ToList())).ToList();
        var globals = new List<GlobalStoreDescription>();
        var globalNodes = builder.GlobalNodes();
        var nextId = subtopologies.Count;
        foreach (var source in globalNodes.Where(n => n.Kind == InternalTopologyBuilder.NodeKind.Source))
        {
            var processor = globalNodes.First(n => n.Predecessors.Contains(source.Name));
            globals.Add(new GlobalStoreDescription(nextId++, Describe(source), Describe(processor)));
        }
        return new TopologyDescription(subtopologies, globals);
    }

    public override string ToString()
    {
        var text = new StringBuilder("Topologies:\n");
        foreach (var subtopology in Subtopologies)
        {
            text.Append("   Sub-topology: ").Append(subtopology.Id).Append('\n');
            foreach (var node in subtopology.Nodes) node.AppendTo(text);
            text.Append('\n');
        }
        foreach (var global in GlobalStores)
        {
            text.Append("   Sub-topology: ").Append(global.Id).Append(" for global store (will not generate tasks)\n");
            global.Source.AppendTo(text);
            global.Processor.AppendTo(text);
            text.Append('\n');
        }
        return text.ToString();
    }

    public enum NodeType
    {
        Source,
        Processor,
        Sink,
    }

    /// <summary>One node: its topics (sources and fixed-topic sinks), stores and neighbours.</summary>
    public sealed record NodeDescription(
        string Name,
        NodeType Type,
        IReadOnlyList<string> Topics,
        string? TopicExtractor,
        IReadOnlyList<string> Stores,
        IReadOnlyList<string> Predecessors,
        IReadOnlyList<string> Successors)
    {
        internal void AppendTo(StringBuilder text)
        {
            text.Append("    ");
            switch (Type)
            {
                case NodeType.Source:
                    text.Append("Source: ").Append(Name).Append(" (topics: [").AppendJoin(", ", Topics).Append("])\n");
                    break;
                case NodeType.Processor:
                    text.Append("Processor: ").Append(Name).Append(" (stores: [").AppendJoin(", ", Stores).Append("])\n");
                    break;
                default:
                    text.Append("Sink: ").Append(Name).Append(TopicExtractor is null
                        ? $" (topic: {Topics[0]})\n"
                        : $" (extractor class: {TopicExtractor})\n");
                    break;
            }
            if (Type != NodeType.Sink)
                text.Append("      --> ").Append(Successors.Count == 0 ? "none" : string.Join(", ", Successors)).Append('\n');
            if (Type != NodeType.Source)
                text.Append("      <-- ").Append(Predecessors.Count == 0 ? "none" : string.Join(", ", Predecessors)).Append('\n');
        }
    }

    public sealed record SubtopologyDescription(int Id, IReadOnlyList<NodeDescription> Nodes);

    public sealed record GlobalStoreDescription(int Id, NodeDescription Source, NodeDescription Processor);
}
