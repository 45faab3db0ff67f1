using Microsoft.Extensions.Configuration;
using SusyTopology.App.Inspection;

namespace SusyTopology.App.Tests.Inspection;

public sealed class TopologyReportTests
{
    [Fact]
    public void Describe_names_the_processors_and_every_topic_the_topology_needs()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kafka:Topics:susy-events"] = "8",
            ["Kafka:Topics:susy-predictions"] = "8",
            ["Kafka:Topics:susy-accuracy"] = "1",
            ["Kafka:Topics:susy-models"] = "1",
            ["Kafka:Topics:susy-dead-letter"] = "1",
            ["Kafka:Topics:susy-prequential"] = "1",
            ["Topology:ApplicationId"] = "inspect-app",
        }).Build();
        var output = new StringWriter();
        TopologyReport.Write(configuration, output);
        var text = output.ToString();

        foreach (var processor in new[] { "Source: events-source (topics: [susy-events])", "Processor: validate", "Processor: learner",
                     "Processor: scorer", "Sink: predictions-sink (topic: susy-predictions)", "Sink: models-sink (topic: susy-models)",
                     "Source: models-source (topics: [susy-models])" })
            Assert.Contains(processor, text);
        var topics = text[text.IndexOf("Topics (inspect-app):", StringComparison.Ordinal)..];
        Assert.Matches(@"susy-events\s+8 partitions\n", topics);
        Assert.Matches(@"inspect-app-train-repartition\s+1 partition  \(internal\)", topics);
        Assert.Matches(@"inspect-app-learner-state-changelog\s+1 partition  \(internal\)", topics);
        Assert.DoesNotMatch(@"susy-events.*\(internal\)", topics);
    }
}
