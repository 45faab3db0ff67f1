using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using SusyTopology.Avro.SchemaRegistry;
using SusyTopology.Kafka.Topics;
using SusyTopology.Streams.Runtime;

namespace SusyTopology.App.Topology;

/// <summary>The topology as configured: options from the <c>Topology</c> section, and what it needs of a cluster.</summary>
public static class AppTopology
{
    public static SusyTopologyOptions Options(IConfiguration configuration)
    {
        var options = new SusyTopologyOptions();
        configuration.GetSection(SusyTopologyOptions.SectionName).Bind(options);
        options.Validate();
        return options;
    }

    /// <summary>Builds the topology over an in-memory registry: enough to describe it or to list its internal topics.</summary>
    public static Streams.Topology BuildForInspection(SusyTopologyOptions options) =>
        SusyTopologyFactory.Build(options,
            new SusySerdes(new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = "mock://susy-inspection" })),
            new ModelHolder(), new TopologyCounters());

    /// <summary>
    /// Every topic the app needs — the configured ones plus its repartition and changelog topics with the partition
    /// counts the runtime will require — so that a cluster without CreateTopics (the embedded one) can create them up front.
    /// </summary>
    public static TopicCatalog RequiredTopics(IConfiguration configuration)
    {
        var catalog = TopicCatalog.FromConfiguration(configuration);
        var options = Options(configuration);
        var metadata = BuildForInspection(options).Metadata(options.ApplicationId);
        var recorder = new RecordingTopicManager(catalog.Partitions);
        InternalTopicProvisioner.Provision(metadata, recorder);
        foreach (var spec in recorder.Created) catalog.Add(spec.Name, spec.Partitions);
        return catalog;
    }

    /// <summary>Answers from a topic list and records what would be created.</summary>
    private sealed class RecordingTopicManager(IReadOnlyDictionary<string, int> existing) : IInternalTopicManager
    {
        public List<InternalTopicSpec> Created { get; } = [];

        public IReadOnlyDictionary<string, int> PartitionCounts(IReadOnlyCollection<string> topics) =>
            topics.Where(existing.ContainsKey).ToDictionary(t => t, t => existing[t], StringComparer.Ordinal);

        public void CreateTopics(IReadOnlyCollection<InternalTopicSpec> topics) => Created.AddRange(topics);
    }
}
