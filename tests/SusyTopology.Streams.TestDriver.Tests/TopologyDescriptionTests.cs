using SusyTopology.Streams.Kstream;
using SusyTopology.Streams.State;

namespace SusyTopology.Streams.TestDriver.Tests;

public sealed class TopologyDescriptionTests
{
    [Fact]
    public void Describe_prints_sub_topologies_sources_processors_stores_and_sinks_like_kafka_streams()
    {
        var builder = new StreamsBuilder();
        builder.GlobalTable("models", Consumed.With(Serdes.String(), Serdes.Int32()), Materialized.As<string, int>("models-store"));
        builder.Stream("in", Consumed.With(Serdes.String(), Serdes.Int32()))
            .Filter((_, v) => v > 0)
            .GroupBy((_, v) => v.ToString(), Grouped.With(Serdes.String(), Serdes.Int32()).WithName("by-value"))
            .Count(Materialized.As<string, long>("counts"))
            .ToStream()
            .To("out");

        var expected = """
            Topologies:
               Sub-topology: 0
                Source: KSTREAM-SOURCE-0000000002 (topics: [in])
                  --> KSTREAM-FILTER-0000000003
                Processor: KSTREAM-FILTER-0000000003 (stores: [])
                  --> KSTREAM-KEY-SELECT-0000000004
                  <-- KSTREAM-SOURCE-0000000002
                Processor: KSTREAM-KEY-SELECT-0000000004 (stores: [])
                  --> by-value-repartition-filter
                  <-- KSTREAM-FILTER-0000000003
                Processor: by-value-repartition-filter (stores: [])
                  --> by-value-repartition-sink
                  <-- KSTREAM-KEY-SELECT-0000000004
                Sink: by-value-repartition-sink (topic: by-value-repartition)
                  <-- by-value-repartition-filter

               Sub-topology: 1
                Source: by-value-repartition-source (topics: [by-value-repartition])
                  --> KSTREAM-AGGREGATE-0000000005
                Processor: KSTREAM-AGGREGATE-0000000005 (stores: [counts])
                  --> KTABLE-TOSTREAM-0000000006
                  <-- by-value-repartition-source
                Processor: KTABLE-TOSTREAM-0000000006 (stores: [])
                  --> KSTREAM-SINK-0000000007
                  <-- KSTREAM-AGGREGATE-0000000005
                Sink: KSTREAM-SINK-0000000007 (topic: out)
                  <-- KTABLE-TOSTREAM-0000000006

               Sub-topology: 2 for global store (will not generate tasks)
                Source: KSTREAM-SOURCE-0000000000 (topics: [models])
                  --> KTABLE-SOURCE-0000000001
                Processor: KTABLE-SOURCE-0000000001 (stores: [models-store])
                  --> none
                  <-- KSTREAM-SOURCE-0000000000


            """;
        Assert.Equal(expected.ReplaceLineEndings("\n"), builder.Build().Describe().ToString());
    }

    [Fact]
    public void Metadata_lists_changelog_topics_per_sub_topology_with_the_application_id()
    {
        var topology = new Topology()
            .AddSource("src", Serdes.String().Deserializer, Serdes.Int32().Deserializer, "a", "b")
            .AddProcessor<string, int, string, int>("p", () => throw new InvalidOperationException("not built here"), "src")
            .AddStateStore(Stores.InMemoryKeyValueStore("logged", Serdes.String(), Serdes.Int32()), "p")
            .AddStateStore(Stores.InMemoryKeyValueStore("unlogged", Serdes.String(), Serdes.Int32()).WithLoggingDisabled(), "p");

        var sub = Assert.Single(topology.Metadata("susy").Subtopologies);
        Assert.Equal(["a", "b"], sub.SourceTopics);
        Assert.Equal(["logged", "unlogged"], sub.StoreNames);
        Assert.Equal(["susy-logged-changelog"], sub.ChangelogTopics);
        Assert.Equal(0, topology.Metadata("susy").SubtopologyOf("b").Id);
    }

    [Fact]
    public void Processors_sharing_a_store_are_one_sub_topology()
    {
        var topology = new Topology()
            .AddSource("s1", Serdes.String().Deserializer, Serdes.Int32().Deserializer, "a")
            .AddSource("s2", Serdes.String().Deserializer, Serdes.Int32().Deserializer, "b")
            .AddProcessor<string, int, string, int>("p1", () => throw new InvalidOperationException(), "s1")
            .AddProcessor<string, int, string, int>("p2", () => throw new InvalidOperationException(), "s2");
        Assert.Equal(2, topology.Describe().Subtopologies.Count);
        topology.AddStateStore(Stores.InMemoryKeyValueStore("shared", Serdes.String(), Serdes.Int32()), "p1", "p2");
        var sub = Assert.Single(topology.Describe().Subtopologies);
        Assert.Equal(["s1", "s2", "p1", "p2"], sub.Nodes.Select(n => n.Name));
    }
}
