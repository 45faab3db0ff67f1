using Confluent.Kafka;
using SusyTopology.App.Running;

namespace SusyTopology.App.Tests.Running;

/// <summary>The partitions as an assignment line shows them: what operators read, and what the fail-over test parses.</summary>
public class AssignmentLogTests
{
    [Fact]
    public void Partitions_are_grouped_by_topic_in_order()
    {
        var partitions = new[]
        {
            new TopicPartition("susy-topology-train-repartition", 0),
            new TopicPartition("susy-events", 3),
            new TopicPartition("susy-events", 1),
        };

        Assert.Equal("susy-events[1,3] susy-topology-train-repartition[0]", AssignmentLog.Describe(partitions));
    }

    [Fact]
    public void An_empty_assignment_reads_none() => Assert.Equal("none", AssignmentLog.Describe([]));
}
