using Streamiz.Kafka.Net;
using SusyTopology.App.Tests.Topology;
using SusyTopology.InMemoryKafka;
using Xunit.Abstractions;

namespace SusyTopology.App.Tests.ExactlyOnce;

/// <summary>
/// The SUSY topology under exactly-once, two stream threads, two event partitions, crashed at each point of
/// <see cref="CrashPoints"/> (one, two or three crashes, each process replaced by a new one on another machine, i.e.
/// another state directory), then run to the end. What read_committed readers see must be what a run without a crash
/// produces: one prediction per TEST event, each counted once in the per-version accuracy totals, and the learner's
/// snapshots equal to an uninterrupted learner's fed the same committed input.
/// </summary>
[Collection(InMemoryExactlyOnceCollection.Name)]
public sealed class SusyTopologyCrashPointTests(LearnerReferences references, ITestOutputHelper output)
    : IClassFixture<LearnerReferences>, IDisposable
{
    private const string ApplicationId = "susy-eos";
    private readonly EosTopologyHarness _harness = new(eventPartitions: 2, threads: 2, applicationId: ApplicationId);
    private readonly List<Task> _closing = [];

    public static TheoryData<string> Points() => new(CrashPoints.Selected(ApplicationId).Select(p => p.Name));

    [Theory]
    [MemberData(nameof(Points))]
    public async Task Exactly_once_holds_after_crashing_at(string name)
    {
        var point = CrashPoints.All(ApplicationId).Single(p => p.Name == name);
        var cluster = _harness.NewCluster(out var testIds);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < point.Faults.Length; i++)
        {
            var fault = point.Faults[i];
            cluster.Faults.Arm(fault.Step, FaultKind.Crash, skip: fault.Skip, topic: fault.Topic);
            var failed = false;
            var (stream, process) = _harness.Start(cluster, $"process-{i}", onState: now => failed |= now == KafkaStream.State.ERROR);
            await EosTopologyHarness.WaitUntilAsync(() => (cluster.Faults.Fired == i + 1 && failed) || _harness.Done(cluster, testIds.Count),
                $"the crash at {fault}", () => $"fired {cluster.Faults.Fired}, failed {failed}, {_harness.Progress(cluster)}");
            Assert.True(process.Crashed, $"{fault} was never reached: the run completed first");
            // A dead process does not close; Streamiz's close of one can block on a thread that died mid-call, so it
            // runs aside and the test goes on with the replacement (waited for, bounded, at the end).
            _closing.Add(Task.Run(stream.Dispose));
        }
        var crashed = watch.Elapsed;
        using (_harness.Start(cluster, $"process-{point.Faults.Length}").Stream)
            await EosTopologyHarness.WaitUntilAsync(() => _harness.Done(cluster, testIds.Count), "the last process to finish",
                () => _harness.Progress(cluster));
        output.WriteLine($"{point}: crashed after {crashed.TotalSeconds:N1} s, finished after {watch.Elapsed.TotalSeconds:N1} s");

        await ExactlyOnceInvariants.AssertAsync(_harness, cluster, testIds, references);
    }

    public void Dispose()
    {
        Task.WaitAll([.. _closing], TimeSpan.FromSeconds(10));
        _harness.Dispose();
    }
}
