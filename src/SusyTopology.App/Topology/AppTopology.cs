using Confluent.SchemaRegistry;
using Microsoft.Extensions.Configuration;
using Streamiz.Kafka.Net.Stream;
using SusyTopology.App.Configuration;
using SusyTopology.Kafka.Topics;
using SusyTopology.Learning.Backends;

namespace SusyTopology.App.Topology;

/// <summary>The topology as configured: options from the <c>Topology</c> section, and what it needs of a cluster.</summary>
public static class AppTopology
{
    public static SusyTopologyOptions Options(IConfiguration configuration)
    {
        var options = new SusyTopologyOptions();
        configuration.GetSection(SusyTopologyOptions.SectionName).Bind(options);
        options.Learning = LearningOptions.From(configuration);
        options.Validate();
        return options;
    }

    /// <summary>Builds the topology with a registry client it never calls: enough to describe it or to list its internal topics (no
    /// learner runs, so no backend needs loading). Its counters are a meter of their own, disposed at once, so they never show
    /// among a running app's metrics.</summary>
    public static Streamiz.Kafka.Net.Stream.Topology BuildForInspection(SusyTopologyOptions options)
    {
        using var counters = new TopologyCounters($"{TopologyCounters.MeterName}.Inspection");
        return SusyTopologyFactory.Build(options,
            new SusySerdes(new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = "http://registry.invalid" })),
            new ModelHolder(), counters, new UnmeasuredInputLag(), backend: new SimdBackendFactory());
    }

    /// <summary>
    /// The internal topics Streamiz will need, with their partition counts: each repartition topic
    /// (<c>&lt;application.id&gt;-&lt;name&gt;-repartition</c>, one partition) and each change-logged store's changelog
    /// (<c>&lt;application.id&gt;-&lt;store&gt;-changelog</c>, as many partitions as its sub-topology's input), so that a
    /// cluster without CreateTopics (the embedded one) can have them before the app starts.
    /// </summary>
    public static IReadOnlyDictionary<string, int> InternalTopics(SusyTopologyOptions options, IReadOnlyDictionary<string, int> externalTopics)
    {
        var repartition = new Dictionary<string, int>(StringComparer.Ordinal)
        {
            [$"{options.TrainRepartitionName}-repartition"] = 1,
            [$"{options.AccuracyRepartitionName}-repartition"] = 1,
        };
        var topics = repartition.ToDictionary(kv => $"{options.ApplicationId}-{kv.Key}", kv => kv.Value, StringComparer.Ordinal);
        foreach (var sub in BuildForInspection(options).Describe().SubTopologies)
        {
            var sources = sub.Nodes.OfType<ISourceNodeDescription>().SelectMany(s => s.Topics).ToList();
            var partitions = sources.Select(t => repartition.TryGetValue(t, out var r) ? r
                : externalTopics.TryGetValue(t, out var e) ? e
                : throw new InvalidOperationException($"Sub-topology {sub.Id} reads topic '{t}', which the configuration does not list."))
                .DefaultIfEmpty(1).Max();
            foreach (var store in sub.Nodes.OfType<IProcessorNodeDescription>().SelectMany(p => p.Stores).Distinct())
                topics[$"{options.ApplicationId}-{store}-changelog"] = partitions;
        }
        return topics;
    }

    /// <summary>Every topic the app needs — the configured ones plus its internal ones — to create up front.</summary>
    public static TopicCatalog RequiredTopics(IConfiguration configuration)
    {
        var catalog = TopicCatalog.FromConfiguration(configuration);
        foreach (var (name, partitions) in InternalTopics(Options(configuration), catalog.Partitions)) catalog.Add(name, partitions);
        return catalog;
    }

    /// <summary>The topics the stream threads write: their producers look them up before the first send.</summary>
    public static IReadOnlyCollection<string> OutputTopics(SusyTopologyOptions options, IReadOnlyDictionary<string, int> internalTopics) =>
        [options.DeadLetterTopic, options.ModelsTopic, options.PrequentialTopic, options.PredictionsTopic, options.AccuracyTopic,
            .. internalTopics.Keys];
}
