using Microsoft.Extensions.Configuration;
using SusyTopology.Kafka.Topics;

namespace SusyTopology.Kafka.Tests;

public class TopicCatalogTests
{
    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build();

    [Fact]
    public void Reads_partition_counts_from_the_Kafka_Topics_section()
    {
        var catalog = TopicCatalog.FromConfiguration(Config(("Kafka:Topics:susy-events", "8"), ("Kafka:Topics:susy-accuracy", "1")));
        Assert.Equal(new Dictionary<string, int> { ["susy-accuracy"] = 1, ["susy-events"] = 8 }, catalog.Partitions);
    }

    [Fact]
    public void Rejects_a_partition_count_that_is_not_a_number()
    {
        var e = Assert.Throws<InvalidOperationException>(() => TopicCatalog.FromConfiguration(Config(("Kafka:Topics:t", "eight"))));
        Assert.Contains("Kafka:Topics:t", e.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("has space")]
    [InlineData("slash/topic")]
    public void Rejects_invalid_topic_names(string name) =>
        Assert.Throws<InvalidOperationException>(() => new TopicCatalog([]).Add(name, 1));

    [Fact]
    public void Rejects_zero_partitions_and_conflicting_declarations()
    {
        Assert.Throws<InvalidOperationException>(() => new TopicCatalog([]).Add("t", 0));
        var catalog = new TopicCatalog([new("t", 4)]);
        catalog.Add("t", 4); // the same declaration twice is fine
        Assert.Throws<InvalidOperationException>(() => catalog.Add("t", 8));
    }

    [Fact]
    public void The_apps_settings_declare_the_five_topics_with_their_partitions()
    {
        var settings = Path.Combine(RepoPaths.Root, "src", "SusyTopology.App", "appsettings.json");
        var catalog = TopicCatalog.FromConfiguration(new ConfigurationBuilder().AddJsonFile(settings).Build());
        Assert.Equal(8, catalog.Partitions["susy-events"]);
        Assert.Equal(8, catalog.Partitions["susy-predictions"]);
        Assert.Equal(1, catalog.Partitions["susy-accuracy"]);
        Assert.Equal(1, catalog.Partitions["susy-models"]);
        Assert.Equal(1, catalog.Partitions["susy-dead-letter"]);
    }
}
