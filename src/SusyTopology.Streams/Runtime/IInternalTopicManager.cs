namespace SusyTopology.Streams.Runtime;

/// <summary>An internal topic the runtime needs before any client touches it (repartition or changelog).</summary>
public sealed record InternalTopicSpec(string Name, int Partitions, bool Compacted);

/// <summary>
/// How the runtime learns partition counts and creates its internal topics. The default goes through the
/// AdminClient; a cluster whose broker lacks CreateTopics (librdkafka's mock cluster auto-creates any topic a Metadata
/// request names, with the wrong partition count) plugs in its own implementation.
/// </summary>
public interface IInternalTopicManager
{
    /// <summary>The partition count of every topic in <paramref name="topics"/> that exists; absent topics are left out.</summary>
    IReadOnlyDictionary<string, int> PartitionCounts(IReadOnlyCollection<string> topics);

    /// <summary>Creates the topics; a topic that already exists is not an error.</summary>
    void CreateTopics(IReadOnlyCollection<InternalTopicSpec> topics);
}
