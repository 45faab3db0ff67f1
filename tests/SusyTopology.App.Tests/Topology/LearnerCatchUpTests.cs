using SusyTopology.App.Topology;
using SusyTopology.Events;

namespace SusyTopology.App.Tests.Topology;

/// <summary>
/// A learner with a backlog larger than <see cref="SusyTopologyOptions.CatchUpLag"/> skips replay until it is back under
/// half of it.
/// </summary>
public class LearnerCatchUpTests
{
    private const int FullReplay = 8;

    private static SusyTopologyOptions Options() => new()
    {
        PublishEveryRecords = 64,
        PublishEveryRecordsWhileCatchingUp = 128,
        PublishInterval = TimeSpan.FromHours(1),
        ReplayStepsPerBatch = FullReplay,
        CatchUpLag = 40,
        CheckpointEveryRecords = 150, // a checkpoint taken while catching up, and a journal with the switch back after it
    };

    [Fact]
    public void A_backlog_is_learned_without_replay_until_the_lag_is_down_to_half_the_threshold()
    {
        using var harness = new TopologyHarness(Options());
        harness.PipeBacklog(Split.TRAIN, 230); // lags 229 … 0: catch up until the lag is ≤ 20 (record 210)
        harness.PipeMany(Split.TRAIN, 40); // a live stream: lag 0

        // The first model as soon as it is due (64): until one exists every test event is held. Then, while catching
        // up, snapshots every 128 records instead of every 64 (192, still inside the catch-up that ends at record 210),
        // and every 64 again after it (256).
        var snapshots = harness.ModelValues;
        Assert.Equal([64L, 192, 256], snapshots.Select(s => s.TrainedRecords));
        Assert.Equal([0.0, 0, FullReplay], snapshots.Select(s => s.Metrics["replay_steps"]));
        // Optimiser steps: three batches learned once each, then the fourth with its replay.
        Assert.Equal([1.0, 3, 4 + FullReplay], snapshots.Select(s => s.Metrics["optimizer_steps"]));
        // The metric goes on past the last snapshot: 256 records = 4 batches, 270 records leave 14 pending.
        Assert.Equal(4 + FullReplay, harness.Counters.OptimizerSteps);
        Assert.Equal(1, harness.Counters.CatchUps);
        Assert.Equal(1, harness.Counters.LearnerCheckpoints.Count); // at the 150th journal entry; 270 records write ~275
        Assert.Equal(FullReplay, harness.Counters.ReplaySteps);
    }

    [Fact]
    public void Without_a_backlog_or_with_catch_up_off_every_batch_gets_full_replay()
    {
        using var live = new TopologyHarness(Options());
        live.PipeMany(Split.TRAIN, 128);
        var snapshots = live.ModelValues;
        Assert.Equal([64L, 128], snapshots.Select(s => s.TrainedRecords));
        Assert.All(snapshots, s => Assert.Equal(FullReplay, s.Metrics["replay_steps"]));

        var noCatchUp = Options();
        noCatchUp.CatchUpLag = 0;
        using var off = new TopologyHarness(noCatchUp);
        off.PipeBacklog(Split.TRAIN, 128);
        Assert.All(off.ModelValues, s => Assert.Equal(FullReplay, s.Metrics["replay_steps"]));
        Assert.Equal(0, off.Counters.CatchUps);
    }
}
