using SusyTopology.Streams.Kstream;
using SusyTopology.Streams.TestDriver;

namespace SusyTopology.Streams.TestDriver.Tests;

public sealed class RepartitionTests
{
    [Fact]
    public void Grouping_after_a_key_change_goes_through_a_repartition_topic_that_is_fed_back()
    {
        var builder = new StreamsBuilder();
        builder.Stream("words", Consumed.With(Serdes.String(), Serdes.String()))
            .GroupBy((_, word) => word, Grouped.With(Serdes.String(), Serdes.String()).WithName("by-word"))
            .Count(Materialized.As<string, long>("word-counts"))
            .ToStream()
            .To("counts", Produced.With(Serdes.String(), Serdes.Int64()));
        var topology = builder.Build();
        Assert.Equal(2, topology.Describe().Subtopologies.Count);

        using var driver = new TopologyTestDriver(topology, new TopologyTestDriverOptions { ApplicationId = "wc" });
        var input = driver.CreateInputTopic("words", Serdes.String().Serializer, Serdes.String().Serializer);
        input.PipeValueList(["kafka", "streams", "kafka"]);

        var counts = driver.CreateOutputTopic("counts", Serdes.String().Deserializer, Serdes.Int64().Deserializer);
        Assert.Equal([new("kafka", 1L), new("streams", 1L), new("kafka", 2L)], counts.ReadKeyValuesToList());
        Assert.Contains("wc-by-word-repartition", driver.ProducedTopicNames);
        Assert.Contains("wc-word-counts-changelog", driver.ProducedTopicNames);
        Assert.Equal(2L, driver.GetKeyValueStore<string, long>("word-counts").Get("kafka"));
    }

    [Fact]
    public void Explicit_repartition_writes_the_named_internal_topic_and_metadata_reports_it()
    {
        var builder = new StreamsBuilder();
        builder.Stream("in", Consumed.With(Serdes.String(), Serdes.Int32()))
            .Repartition(Repartitioned.With(Serdes.String(), Serdes.Int32()).WithName("train").WithNumberOfPartitions(1))
            .MapValues(v => v + 1)
            .To("out");
        var topology = builder.Build();

        var metadata = topology.Metadata("app");
        var repartition = Assert.Single(metadata.RepartitionTopics);
        Assert.Equal(new RepartitionTopicMetadata("app-train-repartition", 1), repartition);
        Assert.Equal(["in"], metadata.Subtopologies[0].SourceTopics);
        Assert.Equal(["app-train-repartition"], metadata.Subtopologies[0].RepartitionSinkTopics);
        Assert.Equal(["app-train-repartition"], metadata.Subtopologies[1].RepartitionSourceTopics);
        Assert.Equal(["out"], metadata.Subtopologies[1].SinkTopics);

        using var driver = new TopologyTestDriver(topology, new TopologyTestDriverOptions { ApplicationId = "app" });
        var input = driver.CreateInputTopic("in", Serdes.String().Serializer, Serdes.Int32().Serializer);
        input.PipeInput("k", 41, 5_000);
        input.PipeInput(null!, 1, 5_001); // null keys cannot be repartitioned: dropped

        var output = driver.CreateOutputTopic("out", Serdes.String().Deserializer, Serdes.Int32().Deserializer);
        var record = Assert.Single(output.ReadRecordsToList());
        Assert.Equal(("k", 42, 5_000L), (record.Key, record.Value, record.TimestampMs!.Value));
        var internalTopic = driver.CreateOutputTopic("app-train-repartition", Serdes.String().Deserializer, Serdes.Int32().Deserializer);
        Assert.Equal(41, internalTopic.ReadValue());
    }

    [Fact]
    public void Grouping_without_a_key_change_does_not_repartition()
    {
        var builder = new StreamsBuilder();
        builder.Stream("in", Consumed.With(Serdes.String(), Serdes.Int32()))
            .MapValues(v => v * 2)
            .GroupByKey()
            .Reduce((a, b) => a + b, Materialized.As<string, int>("sums").WithValueSerde(Serdes.Int32()))
            .ToStream()
            .To("out", Produced.With(Serdes.String(), Serdes.Int32()));
        var topology = builder.Build();
        Assert.Single(topology.Describe().Subtopologies);
        Assert.Empty(topology.Metadata("a").RepartitionTopics);

        using var driver = new TopologyTestDriver(topology);
        var input = driver.CreateInputTopic("in", Serdes.String().Serializer, Serdes.Int32().Serializer);
        input.PipeKeyValueList([new("a", 1), new("a", 2), new("b", 5)]);
        Assert.Equal([2, 6, 10], driver.CreateOutputTopic("out", Serdes.String().Deserializer, Serdes.Int32().Deserializer).ReadValuesToList());
    }
}
