using Streamiz.Kafka.Net;
using SusyTopology.InMemoryKafka;

namespace SusyTopology.App.Tests.ExactlyOnce;

/// <summary>
/// A zombie: an instance whose stream thread stalls mid-transaction (not crashed: it resumes later) long enough for
/// the coordinator to drop it from the group and a replacement to take its tasks over. Its open transaction holds
/// read_committed readers back until the transaction coordinator times it out, aborts it and bumps the producer's
/// epoch; when the zombie resumes, it is fenced (ProducerFenced). Nothing it wrote in that transaction ever reaches a
/// read_committed reader, and the replacement's output is exactly-once. (The replacement's producers cannot fence it
/// by InitTransactions: Streamiz's transactional ids embed a process id that this topology, without persistent
/// stores, draws anew at every start.)
/// </summary>
[Collection(InMemoryExactlyOnceCollection.Name)]
public sealed class ZombieInstanceTests(LearnerReferences references) : IClassFixture<LearnerReferences>, IDisposable
{
    private readonly EosTopologyHarness _harness = new(eventPartitions: 2, threads: 2);

    [Fact]
    public async Task A_stalled_instance_replaced_meanwhile_is_fenced_and_none_of_its_writes_become_visible()
    {
        var cluster = _harness.NewCluster(out var testIds);
        var (zombie, zombieProcess) = _harness.Start(cluster, "zombie", ShortTransactions);
        cluster.Faults.Arm(CommitStep.BeforeSendOffsets, FaultKind.Pause, skip: 20, process: zombieProcess);
        await EosTopologyHarness.WaitUntilAsync(() => cluster.Faults.Paused, "the zombie's stall");
        // The paused thread's transaction only: the zombie's other thread may have one open at this moment too.
        var stalled = cluster.Transactions().Where(t => t.TransactionalId == cluster.Faults.PausedTransactionalId && t.State == TransactionState.Open).ToList();
        Assert.Single(stalled);

        zombieProcess.ExpireSessions(); // its session times out while it stalls
        var running = false;
        var (replacement, _) = _harness.Start(cluster, "replacement", ShortTransactions, now => running |= now == KafkaStream.State.RUNNING);
        using (replacement)
        {
            await EosTopologyHarness.WaitUntilAsync(() => running, "the replacement to run");
            // The stalled transaction holds read_committed readers back until the coordinator times it out.
            await EosTopologyHarness.WaitUntilAsync(() => stalled.All(t => t.State != TransactionState.Open), "the zombie's transaction to time out");
            Assert.All(stalled, t => Assert.Equal(TransactionState.Aborted, t.State));
            var fencedBefore = cluster.FencedRequests;
            cluster.Faults.Resume();
            await EosTopologyHarness.WaitUntilAsync(() => cluster.FencedRequests > fencedBefore, "the zombie to be fenced");
            zombie.Dispose();
            await EosTopologyHarness.WaitUntilAsync(() => _harness.Done(cluster, testIds.Count), "the replacement to finish",
                () => _harness.Progress(cluster));
        }
        Assert.All(stalled, t => Assert.Equal(TransactionState.Aborted, t.State));
        // The stalled thread's producer never committed again (the zombie's other thread rejoined the group as a live
        // member, and its commits are legitimate).
        Assert.DoesNotContain(cluster.Transactions(), t => t.TransactionalId == stalled[0].TransactionalId && t.State == TransactionState.Committed
            && t.StartedAt >= stalled[0].StartedAt);
        await ExactlyOnceInvariants.AssertAsync(_harness, cluster, testIds, references);
    }

    /// <summary>transaction.timeout.ms of 3 s instead of a minute: the stalled transaction ends within the test.</summary>
    private static void ShortTransactions(StreamConfig config) => config.TransactionTimeoutMs = 3000;

    public void Dispose() => _harness.Dispose();
}
