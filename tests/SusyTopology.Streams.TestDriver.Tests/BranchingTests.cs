using SusyTopology.Streams.Kstream;
using SusyTopology.Streams.TestDriver;

namespace SusyTopology.Streams.TestDriver.Tests;

public sealed class BranchingTests
{
    [Fact]
    public void Records_go_to_the_first_matching_branch_and_the_rest_to_the_default_branch()
    {
        var builder = new StreamsBuilder();
        var branches = builder.Stream("in", Consumed.With(Serdes.String(), Serdes.Int32()))
            .Split(Named.As("route-"))
            .Branch((_, v) => v < 0, Branched<string, int>.As("negative"))
            .Branch((_, v) => v < 100, Branched<string, int>.As("small"))
            .DefaultBranch(Branched<string, int>.As("large"));
        Assert.Equal(["route-negative", "route-small", "route-large"], branches.Keys);
        foreach (var (name, stream) in branches) stream.To(name);

        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("in", Serdes.String().Serializer, Serdes.Int32().Serializer);
        input.PipeKeyValueList([new("a", -1), new("b", 5), new("c", 500), new("d", -7), new("e", 99)]);

        int[] Read(string topic) =>
            driver.CreateOutputTopic(topic, Serdes.String().Deserializer, Serdes.Int32().Deserializer).ReadValuesToList().ToArray();
        Assert.Equal([-1, -7], Read("route-negative"));
        Assert.Equal([5, 99], Read("route-small"));
        Assert.Equal([500], Read("route-large"));
    }

    [Fact]
    public void Without_a_default_branch_unmatched_records_are_dropped_and_unnamed_branches_are_numbered()
    {
        var builder = new StreamsBuilder();
        var branches = builder.Stream("in", Consumed.With(Serdes.String(), Serdes.Int32()))
            .Split(Named.As("s"))
            .Branch((_, v) => v == 1)
            .Branch((_, v) => v == 2, Branched<string, int>.WithConsumer(s => s.MapValues(v => v * 100).To("two")))
            .NoDefaultBranch();
        Assert.Equal(["s1", "s2"], branches.Keys);
        branches["s1"].To("one");

        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("in", Serdes.String().Serializer, Serdes.Int32().Serializer);
        input.PipeValueList([1, 2, 3, 1]);

        Assert.Equal([1, 1], driver.CreateOutputTopic("one", Serdes.String().Deserializer, Serdes.Int32().Deserializer).ReadValuesToList());
        Assert.Equal([200], driver.CreateOutputTopic("two", Serdes.String().Deserializer, Serdes.Int32().Deserializer).ReadValuesToList());
        Assert.DoesNotContain("3", string.Join(",", driver.ProducedTopicNames));
    }

    [Fact]
    public void A_finished_split_rejects_more_branches()
    {
        var builder = new StreamsBuilder();
        var split = builder.Stream("in", Consumed.With(Serdes.String(), Serdes.Int32())).Split();
        split.Branch((_, v) => v > 0).NoDefaultBranch();
        Assert.Throws<InvalidOperationException>(() => split.Branch((_, _) => true));
    }
}
