using Confluent.Kafka;
using Microsoft.Extensions.Logging.Abstractions;
using Streamiz.Kafka.Net;
using Streamiz.Kafka.Net.Kafka;
using SusyTopology.App.Running;
using SusyTopology.App.Tests.EndToEnd;
using SusyTopology.InMemoryKafka;
using Xunit.Abstractions;

namespace SusyTopology.App.Tests.Running;

/// <summary>
/// A member whose revocation commit is refused while a second member joins: Streamiz 1.8.2 leaves its thread marked
/// as rebalancing, so it never polls again and the group never completes the rebalance, while the member reports
/// RUNNING. With <see cref="RevocationFailureAsLoss"/> and <see cref="RevocationTolerantConsumer"/> (what
/// <see cref="SusyKafkaSupplier"/> gives every stream thread) both members must own a partition again and commit all input.
/// The double lets a member commit from its revocation callback (its generation is still valid then, as in Kafka),
/// so the refusal is an injected commit error, which Streamiz turns into a TaskMigratedException as for a real one.
/// </summary>
public sealed class RebalanceRepairTests(ITestOutputHelper output)
{
    /// <summary>Three commit intervals: the repaired run commits everything about one interval after the refusal.</summary>
    private static readonly TimeSpan HangWindow = RebalanceScenario.CommitInterval * 3;

    [Fact]
    public async Task Documents_Streamiz_behaviour_a_refused_revocation_commit_hangs_the_group_while_the_member_reports_RUNNING()
    {
        using var scenario = new RebalanceScenario(repair: false, new TestOutputLoggerFactory(output));
        var (first, second) = await RefuseTheFirstMembersRevocationCommitAsync(scenario);

        Assert.False(await RebalanceScenario.BecomesTrueWithinAsync(scenario.AllInputCommitted, HangWindow),
            "the input got committed after the refused revocation: Streamiz no longer hangs there, so "
            + "the revocation repair may be unnecessary");
        Assert.Empty(first.Assignment);
        Assert.Empty(second.Assignment);
        // Nobody processed the input again after the first member's refused commit.
        Assert.Equal(1, scenario.TimesEveryInputWasProcessed());
        Assert.Equal(KafkaStream.State.RUNNING, first.State);
    }

    [Fact]
    public async Task With_the_revocation_repair_both_members_rejoin_and_every_record_is_processed_and_committed()
    {
        using var scenario = new RebalanceScenario(repair: true, new TestOutputLoggerFactory(output));
        var (first, second) = await RefuseTheFirstMembersRevocationCommitAsync(scenario);

        // Stops early on a failed member, so a thread that died on rejoining fails here rather than by timing out.
        await scenario.WaitUntilAsync(() => first.State == KafkaStream.State.ERROR || second.State == KafkaStream.State.ERROR
                || (scenario.AllInputCommitted() && first.Assignment.Count == 1 && second.Assignment.Count == 1
                    && first.State == KafkaStream.State.RUNNING && second.State == KafkaStream.State.RUNNING),
            "both members to own a partition and commit all input");
        Assert.Equal(KafkaStream.State.RUNNING, first.State);
        Assert.Equal(KafkaStream.State.RUNNING, second.State);
        // at_least_once: the offsets whose commit was refused were processed again by the partitions' new owners.
        Assert.Equal(2, scenario.TimesEveryInputWasProcessed());
    }

    [Fact]
    public void A_revocation_that_throws_is_handled_as_a_loss_and_nothing_escapes()
    {
        using var consumer = NewConsumer();
        var inner = new FakeListener(revocationFails: true);
        var partitions = new List<TopicPartitionOffset> { new("input", 0, 42) };

        new RevocationFailureAsLoss(inner, NullLogger.Instance).PartitionsRevoked(consumer, partitions);

        Assert.Equal(["revoked", "lost"], inner.Calls);
        Assert.Same(partitions, inner.LostPartitions);
        Assert.Same(consumer, inner.LostBy);
    }

    [Fact]
    public void A_revocation_that_succeeds_is_not_handled_as_a_loss()
    {
        using var consumer = NewConsumer();
        var inner = new FakeListener(revocationFails: false);

        new RevocationFailureAsLoss(inner, NullLogger.Instance).PartitionsRevoked(consumer, [new("input", 0, 42)]);

        Assert.Equal(["revoked"], inner.Calls);
    }

    /// <summary>
    /// Runs the first member until it has processed all input with nothing committed yet, then starts the second
    /// member with the first one's next commit from a rebalance callback armed to fail, and waits for that refusal.
    /// </summary>
    private static async Task<(RebalanceScenario.Member First, RebalanceScenario.Member Second)> RefuseTheFirstMembersRevocationCommitAsync(
        RebalanceScenario scenario)
    {
        var first = await scenario.StartMemberAsync("first");
        await scenario.WaitUntilAsync(() => first.Assignment.Count == 2 && scenario.TimesEveryInputWasProcessed() == 1,
            "the first member to process all input");
        Assert.True(scenario.NoInputCommitted(),
            $"the first member committed within {RebalanceScenario.CommitInterval} of starting, so its revocation has nothing to commit");

        scenario.Cluster.Faults.Arm(CommitStep.BeforeCommitOffsets, FaultKind.Error, process: first.Process, onlyDuringRebalance: true);
        var second = await scenario.StartMemberAsync("second");
        await scenario.WaitUntilAsync(() => scenario.Cluster.Faults.Fired == 1, "the first member's revocation commit to be refused");
        return (first, second);
    }

    private static IConsumer<byte[], byte[]> NewConsumer() =>
        new InMemoryKafkaSupplier(new InMemoryKafkaCluster(), "unit").GetConsumer(new ConsumerConfig(), null);

    /// <summary>Streamiz's listener stand-in: records the callbacks it got, and its revocation fails if asked to.</summary>
    private sealed class FakeListener(bool revocationFails) : IConsumerRebalanceListener
    {
        public List<string> Calls { get; } = [];
        public List<TopicPartitionOffset>? LostPartitions { get; private set; }
        public IConsumer<byte[], byte[]>? LostBy { get; private set; }

        public void PartitionsAssigned(IConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions) => Calls.Add("assigned");

        public void PartitionsRevoked(IConsumer<byte[], byte[]> consumer, List<TopicPartitionOffset> partitions)
        {
            Calls.Add("revoked");
            if (revocationFails) throw new InvalidOperationException("the revocation's commit was refused");
        }

        public void PartitionsLost(IConsumer<byte[], byte[]> consumer, List<TopicPartitionOffset> partitions)
        {
            Calls.Add("lost");
            LostPartitions = partitions;
            LostBy = consumer;
        }
    }
}
