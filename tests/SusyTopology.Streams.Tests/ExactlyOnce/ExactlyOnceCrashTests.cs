using SusyTopology.Streams.Runtime;
using SusyTopology.Streams.Tests.InMemoryKafka;

namespace SusyTopology.Streams.Tests.ExactlyOnce;

/// <summary>
/// The exactly-once proof: the real runtime on the in-memory Kafka double, with a crash (the whole process dies) or
/// an abortable error injected at every step of the produce/commit sequence, and during a rebalance. Whatever
/// happened, the output read with read_committed holds every input exactly once, each key's running counts are
/// 1..n without gap or repeat, and the committed store equals that of a failure-free run.
/// </summary>
public sealed class ExactlyOnceCrashTests
{
    private const int Records = 300;
    private const int Keys = 12;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(45);

    public static TheoryData<CommitStep, FaultKind> EveryStep()
    {
        var data = new TheoryData<CommitStep, FaultKind>();
        foreach (var step in new[]
                 {
                     CommitStep.BeforeProduce, CommitStep.AfterProduce, CommitStep.BeforeSendOffsets,
                     CommitStep.AfterSendOffsets, CommitStep.BeforeCommitTransaction, CommitStep.AfterCommitTransaction,
                 })
            foreach (var kind in new[] { FaultKind.Crash, FaultKind.Error })
                data.Add(step, kind);
        return data;
    }

    [Fact]
    public void AFailureFreeRunProcessesEveryRecordOnce()
    {
        using var harness = new EosHarness();
        harness.ProduceInput(Records, Keys);
        harness.StartInstance("a");
        EosHarness.WaitUntil(harness.AllCommitted, Patience, "all input committed");
        AssertExactlyOnce(harness);
        Assert.True(harness.Cluster.Faults.Reached(CommitStep.BeforeCommitTransaction) > 10,
            $"only {harness.Cluster.Faults.Reached(CommitStep.BeforeCommitTransaction)} commits: faults would not land mid-stream");
    }

    [Theory]
    [MemberData(nameof(EveryStep))]
    public void AFaultAtAnyCommitStepNeitherLosesNorDuplicates(CommitStep step, FaultKind kind)
    {
        using var harness = new EosHarness();
        harness.ProduceInput(Records, Keys);
        // Skip a few occurrences so the fault lands mid-stream, with committed work before and pending work after.
        harness.Cluster.Faults.Arm(step, kind, skip: 5);
        var (first, _) = harness.StartInstance("a");
        EosHarness.WaitUntil(() => harness.Cluster.Faults.Fired == 1, Patience, $"the {kind} at {step}");
        if (kind == FaultKind.Crash)
        {
            EosHarness.WaitUntil(() => first.State == KafkaStreamsState.Error, Patience, "the crashed client to fail");
            harness.StartInstance("b");
        }
        EosHarness.WaitUntil(harness.AllCommitted, Patience, "all input committed");
        AssertExactlyOnce(harness);
        Assert.True(harness.Cluster.Faults.Reached(CommitStep.BeforeCommitTransaction) > 10,
            $"only {harness.Cluster.Faults.Reached(CommitStep.BeforeCommitTransaction)} commits: faults would not land mid-stream");
    }

    [Theory]
    [InlineData(CommitStep.AfterSendOffsets, FaultKind.Crash)]
    [InlineData(CommitStep.BeforeCommitTransaction, FaultKind.Crash)]
    [InlineData(CommitStep.AfterSendOffsets, FaultKind.Error)]
    [InlineData(CommitStep.BeforeCommitTransaction, FaultKind.Error)]
    public void AFaultWhileCommittingOnRevocationNeitherLosesNorDuplicates(CommitStep step, FaultKind kind)
    {
        using var harness = new EosHarness();
        harness.ProduceInput(Records, Keys);
        // A long commit interval leaves uncommitted work for the commit that revocation forces.
        var (first, firstProcess) = harness.StartInstance("a", commitInterval: TimeSpan.FromSeconds(2));
        EosHarness.WaitUntil(() => harness.UncommittedOutput().Count > 20, Patience, "some uncommitted output");
        harness.Cluster.Faults.Arm(step, kind, process: firstProcess, onlyDuringRebalance: true);
        harness.ProduceInput(Records, Keys);
        harness.StartInstance("b");
        EosHarness.WaitUntil(() => harness.Cluster.Faults.Fired == 1, Patience, $"the {kind} at {step} during the rebalance");
        EosHarness.WaitUntil(harness.AllCommitted, Patience, "all input committed");
        AssertExactlyOnce(harness, inputCopies: 2);
        // The crashed client passes through PendingError on its way to Error: wait for the end state, don't sample it.
        if (kind == FaultKind.Crash)
            EosHarness.WaitUntil(() => first.State == KafkaStreamsState.Error, Patience, "the crashed client to reach ERROR");
    }

    private static void AssertExactlyOnce(EosHarness harness, int inputCopies = 1)
    {
        var output = harness.CommittedOutput();
        Assert.Equal(Records * inputCopies, output.Count);
        var expectedInputs = Enumerable.Range(0, Records).Select(i => $"v{i}")
            .SelectMany(v => Enumerable.Repeat(v, inputCopies)).Order().ToList();
        Assert.Equal(expectedInputs, output.Select(o => o.Input).Order().ToList());
        foreach (var perKey in output.GroupBy(o => o.Key))
            Assert.Equal(Enumerable.Range(1, perKey.Count()).Select(c => (long)c), perKey.Select(o => o.Count).Order());
        var expectedStore = Enumerable.Range(0, Keys).ToDictionary(k => $"k{k}", k => (long)(Records * inputCopies / Keys));
        Assert.Equal(expectedStore, harness.CommittedStore());
    }
}
