using SusyTopology.Streams.Kstream;
using SusyTopology.Streams.Runtime;
using SusyTopology.Streams.State;
using SusyTopology.Streams.Tests.InMemoryKafka;

namespace SusyTopology.Streams.Tests.Runtime;

public sealed class InternalTopicProvisionerTests
{
    private static TopologyMetadata Metadata(int? repartitionPartitions)
    {
        var builder = new StreamsBuilder();
        builder.AddStateStore(Stores.InMemoryKeyValueStore("s", Serdes.String(), Serdes.String()));
        builder.Stream("src", Consumed.With(Serdes.String(), Serdes.String()))
            .Repartition(new Repartitioned<string, string>(Serdes.String(), Serdes.String(), "rp", repartitionPartitions))
            .Process(() => new ExactlyOnce.PassThroughProcessor(), null, "s")
            .To("sink", Produced.With(Serdes.String(), Serdes.String()));
        return builder.Build().Metadata("app");
    }

    [Fact]
    public void ARepartitionTopicTakesItsWritersTaskCountAndAChangelogItsSubtopologysTaskCount()
    {
        var cluster = new InMemoryKafkaCluster();
        cluster.CreateTopic("src", 6);
        var partitions = InternalTopicProvisioner.Provision(Metadata(null), new InMemoryTopicManager(cluster));

        Assert.Equal(6, cluster.PartitionCount("app-rp-repartition"));
        Assert.Equal(6, cluster.PartitionCount("app-s-changelog"));
        Assert.Equal(6, partitions["app-s-changelog"]);
    }

    [Fact]
    public void ADeclaredRepartitionCountWinsAndSizesTheDownstreamChangelog()
    {
        var cluster = new InMemoryKafkaCluster();
        cluster.CreateTopic("src", 6);
        InternalTopicProvisioner.Provision(Metadata(1), new InMemoryTopicManager(cluster));

        Assert.Equal(1, cluster.PartitionCount("app-rp-repartition"));
        Assert.Equal(1, cluster.PartitionCount("app-s-changelog"));
    }

    [Fact]
    public void MissingSourcesAndWronglySizedInternalTopicsAreClearErrors()
    {
        var empty = new InMemoryKafkaCluster();
        Assert.Contains("src", Assert.Throws<StreamsException>(
            () => InternalTopicProvisioner.Provision(Metadata(null), new InMemoryTopicManager(empty))).Message);

        var cluster = new InMemoryKafkaCluster();
        cluster.CreateTopic("src", 6);
        cluster.CreateTopic("app-s-changelog", 2);
        Assert.Contains("app-s-changelog has 2 partitions, needs 6", Assert.Throws<StreamsException>(
            () => InternalTopicProvisioner.Provision(Metadata(null), new InMemoryTopicManager(cluster))).Message);
    }
}
