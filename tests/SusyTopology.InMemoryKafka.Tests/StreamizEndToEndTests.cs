using Confluent.Kafka;
using Streamiz.Kafka.Net;

namespace SusyTopology.InMemoryKafka.Tests;

/// <summary>
/// Streamiz 1.8.2 itself on the double: the counting topology keeps exactly-once output across a clean restart
/// (the store is rebuilt from its changelog, across its transaction markers, and counting carries on), across a
/// process crash in the middle of a transactional commit (whose open transaction holds readers back until it times
/// out), across a lost group membership and across a write whose delivery failed. Under at_least_once that failed
/// write is lost.
/// </summary>
public sealed class StreamizEndToEndTests
{
    private const int Records = 200;

    [Theory]
    [InlineData(ProcessingGuarantee.EXACTLY_ONCE)]
    [InlineData(ProcessingGuarantee.AT_LEAST_ONCE)]
    public async Task EveryRecordIsCountedOnceAndARestartedInstanceRestoresTheStore(ProcessingGuarantee guarantee)
    {
        using var harness = new StreamizHarness(guarantee);
        harness.ProduceInput(Records);
        var first = await harness.StartAsync("a");
        await harness.WaitUntilAsync(harness.CaughtUp, "the first instance's output");
        // Nobody but Streamiz (through the admin double) created the changelog.
        Assert.Equal(StreamizHarness.InputPartitions, harness.Cluster.PartitionCount(StreamizHarness.Changelog));
        // The zero commit interval commits every few records: what lets the crash tests land a fault mid-stream.
        var commitStep = guarantee == ProcessingGuarantee.EXACTLY_ONCE ? CommitStep.BeforeCommitTransaction : CommitStep.BeforeCommitOffsets;
        Assert.True(harness.Cluster.Faults.Reached(commitStep) > 20, $"only {harness.Cluster.Faults.Reached(commitStep)} commits");
        first.Dispose();
        Assert.Equal(KafkaStream.State.NOT_RUNNING, first.State);

        harness.ProduceInput(Records);
        var second = await harness.StartAsync("b");
        await harness.WaitUntilAsync(harness.CaughtUp, "the restarted instance's output");

        AssertCountedExactlyOnce(harness);
        Assert.Equal(Records, second.Restored);
        Assert.Equal(KafkaStream.State.RUNNING, second.State);
    }

    [Fact]
    public async Task ARestoreCrossesTheTransactionMarkersOfTheChangelog()
    {
        using var harness = new StreamizHarness(ProcessingGuarantee.EXACTLY_ONCE);
        harness.ProduceInput(Records);
        var first = await harness.StartAsync("a");
        await harness.WaitUntilAsync(harness.CaughtUp, "the first instance's output");
        first.Dispose();
        // Every changelog partition ends with a commit marker, so its last data record sits below the high
        // watermark - 1: Streamiz's restore must end on the restore consumer's position, not on a record's offset.
        var ends = harness.EndOffsets(StreamizHarness.Changelog);
        Assert.Equal(Records, harness.Cluster.Read(StreamizHarness.Changelog).Count);
        Assert.True(ends.Sum() > Records, $"high watermarks {string.Join(", ", ends)} for {Records} records");
        for (var p = 0; p < ends.Count; p++)
            Assert.Equal(ends[p] - 1, harness.Cluster.Markers(new TopicPartition(StreamizHarness.Changelog, p)).Last().Offset);

        var second = await harness.StartAsync("b");
        await harness.WaitUntilAsync(() => second.Restored == Records && second.State == KafkaStream.State.RUNNING, "the restore");

        Assert.Equal(Enumerable.Range(0, StreamizHarness.Keys).ToDictionary(k => $"k{k}", _ => (long)(Records / StreamizHarness.Keys)),
            second.Counts());
        harness.ProduceInput(Records);
        await harness.WaitUntilAsync(harness.CaughtUp, "the restarted instance's output");
        AssertCountedExactlyOnce(harness);
    }

    [Theory]
    [InlineData(CommitStep.BeforeSendOffsets)]
    [InlineData(CommitStep.AfterSendOffsets)]
    [InlineData(CommitStep.BeforeCommitTransaction)]
    [InlineData(CommitStep.AfterCommitTransaction)]
    public async Task ACrashInTheMiddleOfACommitNeitherLosesNorDuplicatesOutput(CommitStep step)
    {
        using var harness = new StreamizHarness(ProcessingGuarantee.EXACTLY_ONCE);
        harness.ProduceInput(Records);
        // Skip a few commits so the crash lands mid-stream: committed work before it, pending work after it.
        harness.Cluster.Faults.Arm(step, FaultKind.Crash, skip: 5);
        var crashed = await harness.StartAsync("a");
        await harness.WaitUntilAsync(() => crashed.State == KafkaStream.State.ERROR, $"the crash at {step} to fail the instance");
        Assert.Equal(1, harness.Cluster.Faults.Fired);
        var committedBeforeCrash = harness.CommittedOutputCount();
        Assert.InRange(committedBeforeCrash, 1, Records - 1);

        var restarted = await harness.StartAsync("b");
        await harness.WaitUntilAsync(harness.CaughtUp, "the restarted instance's output");

        AssertCountedExactlyOnce(harness);
        // Each committed output record was committed with its changelog record, and only those are restored.
        Assert.Equal(committedBeforeCrash, restarted.Restored);
    }

    [Fact]
    public async Task ACrashedInstancesOpenTransactionHoldsReadersBackUntilItTimesOut()
    {
        using var harness = new StreamizHarness(ProcessingGuarantee.EXACTLY_ONCE);
        harness.ProduceInput(Records);
        // Output and offsets sent, not committed: the transaction the crash leaves open.
        harness.Cluster.Faults.Arm(CommitStep.BeforeCommitTransaction, FaultKind.Crash, skip: 5);
        var crashed = await harness.StartAsync("a");
        await harness.WaitUntilAsync(() => crashed.State == KafkaStream.State.ERROR, "the crash");
        var open = harness.Cluster.Transactions().Single(t => t.State == TransactionState.Open);
        var committedBeforeCrash = harness.CommittedOutputCount();
        var pinned = open.FirstOffsetsByPartition.Where(p => p.Key.Topic == CountingTopology.Output).ToList();
        Assert.NotEmpty(pinned);

        var restarted = await harness.StartAsync("b");
        await Task.Delay(StreamizHarness.TransactionTimeout / 4);
        // Still open: read_committed readers stop at its first record in each output partition it wrote, and the
        // restarted instance, whose input offsets are pending in it (KIP-447), has committed nothing.
        var ends = harness.EndOffsets(CountingTopology.Output, IsolationLevel.ReadCommitted);
        Assert.Equal(TransactionState.Open, open.State);
        Assert.All(pinned, p => Assert.Equal(p.Value, ends[p.Key.Partition.Value]));
        Assert.Equal(committedBeforeCrash, harness.CommittedOutputCount());

        await harness.WaitUntilAsync(harness.CaughtUp, "the restarted instance's output");
        Assert.Equal(TransactionState.Aborted, open.State);
        Assert.True(open.EndedAt - open.StartedAt > StreamizHarness.TransactionTimeout, $"ended after {open.EndedAt - open.StartedAt}");
        AssertCountedExactlyOnce(harness);
        Assert.Equal(committedBeforeCrash, restarted.Restored);
    }

    [Fact]
    public async Task UnderExactlyOnceAFailedDeliveryStopsTheInstanceAndItsTransactionIsRedoneByTheNext()
    {
        using var harness = new StreamizHarness(ProcessingGuarantee.EXACTLY_ONCE);
        harness.ProduceInput(Records);
        harness.Cluster.Faults.Arm(CommitStep.BeforeProduce, FaultKind.DeliveryError, skip: Records / 4, topic: CountingTopology.Output);
        var failed = await harness.StartAsync("a");
        // The report reaches Streamiz when its commit flushes the producer; its default production exception handler
        // answers FAIL and the thread stops. On the way down it commits what it processed, but the producer refuses
        // to commit a transaction with a failed write (KafkaTxnRequiresAbort): the transaction stays open, and the
        // thread's consumer stays in the group (Streamiz closes it only after that commit).
        await harness.WaitUntilAsync(() => failed.State == KafkaStream.State.ERROR, "the delivery failure to stop the instance");
        var open = harness.Cluster.Transactions().Single(t => t.State == TransactionState.Open);
        Assert.InRange(harness.CommittedOutputCount(), 1, Records / 4);

        failed.Process.ExpireSessions(); // a member that never polls again is dropped (max.poll.interval.ms)
        var restarted = await harness.StartAsync("b");
        await harness.WaitUntilAsync(harness.CaughtUp, "the next instance's output");

        Assert.Equal(TransactionState.Aborted, open.State); // on its timeout
        AssertCountedExactlyOnce(harness);
        Assert.Equal(KafkaStream.State.RUNNING, restarted.State);
    }

    [Fact]
    public async Task UnderAtLeastOnceStreamizCommitsPastARecordWhoseOutputFailedDelivery()
    {
        using var harness = new StreamizHarness(ProcessingGuarantee.AT_LEAST_ONCE);
        harness.ProduceInput(Records);
        harness.Cluster.Faults.Arm(CommitStep.BeforeProduce, FaultKind.DeliveryError, skip: Records / 4, topic: CountingTopology.Output);
        var failed = await harness.StartAsync("a");
        // As under exactly-once the thread stops on the report; its shutdown then commits the input offsets of all
        // it processed, the record whose output was lost included, and nothing ever processes that record again.
        await harness.WaitUntilAsync(() => failed.State == KafkaStream.State.ERROR, "the delivery failure to stop the instance");

        var restarted = await harness.StartAsync("b");
        await harness.WaitUntilAsync(() => harness.AllInputCommitted() && harness.CommittedOutputCount() >= Records - 1,
            "the next instance's output");

        var inputs = harness.ReadCommittedOutput().Select(o => o.Input).ToList();
        Assert.Equal(Records - 1, inputs.Count);
        Assert.Single(Enumerable.Range(0, Records).Select(n => $"v{n}").Except(inputs)); // lost: at-most-once for it
        Assert.Equal(KafkaStream.State.RUNNING, restarted.State);
    }

    [Fact]
    public async Task AnInstanceWhoseSessionExpiredRebuildsItsTasksAndStaysExactlyOnce()
    {
        using var harness = new StreamizHarness(ProcessingGuarantee.EXACTLY_ONCE);
        harness.ProduceInput(Records);
        var instance = await harness.StartAsync("a");
        await harness.WaitUntilAsync(harness.CaughtUp, "the output before the session expires");

        instance.Process.ExpireSessions();
        harness.ProduceInput(Records);
        await harness.WaitUntilAsync(harness.CaughtUp, "the output after the instance rejoined");

        AssertCountedExactlyOnce(harness);
        // Its lost tasks were closed and recreated, so the store came back from the changelog.
        Assert.Equal(Records, instance.Restored);
        Assert.Equal(KafkaStream.State.RUNNING, instance.State);
    }

    /// <summary>Input n (key k{n % Keys}) appears once, with its key's running count n / Keys + 1.</summary>
    private static void AssertCountedExactlyOnce(StreamizHarness harness)
    {
        var expected = Enumerable.Range(0, harness.Produced)
            .Select(n => ($"k{n % StreamizHarness.Keys}", $"v{n}", (long)(n / StreamizHarness.Keys + 1)))
            .Order();
        Assert.Equal(expected, harness.ReadCommittedOutput().Order());
    }
}
