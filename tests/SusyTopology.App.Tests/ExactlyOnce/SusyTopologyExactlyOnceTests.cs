using Streamiz.Kafka.Net;
using SusyTopology.InMemoryKafka;

namespace SusyTopology.App.Tests.ExactlyOnce;

/// <summary>
/// The SUSY topology under exactly-once with one stream thread and one event partition, so the learner's input has
/// the same order in every run: a process crash inside a transactional commit, then a new process. The crash lands
/// mid-stream (some output committed, not all), and what read_committed readers see afterwards is what a run without a
/// crash produces (<see cref="ExactlyOnceInvariants"/>). <see cref="SusyTopologyCrashPointTests"/> runs two threads
/// through many more points.
/// </summary>
[Collection(InMemoryExactlyOnceCollection.Name)]
public sealed class SusyTopologyExactlyOnceTests(LearnerReferences references) : IClassFixture<LearnerReferences>, IDisposable
{
    private readonly EosTopologyHarness _harness = new();

    [Theory]
    [InlineData(CommitStep.BeforeSendOffsets, 3)]
    [InlineData(CommitStep.AfterSendOffsets, 6)]
    [InlineData(CommitStep.BeforeCommitTransaction, 9)]
    [InlineData(CommitStep.AfterCommitTransaction, 12)]
    public async Task A_crash_inside_a_commit_leaves_one_prediction_per_test_event_and_the_uninterrupted_model(CommitStep step, int skip)
    {
        var cluster = _harness.NewCluster(out var testIds);
        cluster.Faults.Arm(step, FaultKind.Crash, skip: skip);
        var failed = false;
        var (crashed, _) = _harness.Start(cluster, "crashed", onState: now => failed |= now == KafkaStream.State.ERROR);
        using (crashed)
            await EosTopologyHarness.WaitUntilAsync(() => cluster.Faults.Fired == 1 && failed, $"the crash at {step}");
        Assert.InRange(_harness.Predictions(cluster).Count, 0, testIds.Count - 1);

        using (_harness.Start(cluster, "restarted").Stream)
            await EosTopologyHarness.WaitUntilAsync(() => _harness.Done(cluster, testIds.Count), "the restarted run",
                () => _harness.Progress(cluster));

        await ExactlyOnceInvariants.AssertAsync(_harness, cluster, testIds, references);
    }

    public void Dispose() => _harness.Dispose();
}
