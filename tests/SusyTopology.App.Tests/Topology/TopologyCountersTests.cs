using System.Diagnostics;
using SusyTopology.App.Topology;

namespace SusyTopology.App.Tests.Topology;

public class TopologyCountersTests
{
    [Fact]
    public void Active_time_spans_the_first_event_to_the_last_piece_of_work()
    {
        using var counters = new TopologyCounters();
        Assert.Equal(TimeSpan.Zero, counters.ActiveTime);

        var wall = Stopwatch.StartNew();
        counters.Event(train: true);
        Thread.Sleep(30);
        counters.Event(train: false);
        Thread.Sleep(30);
        counters.Trained(); // the learner finishing after the last event counts
        var afterEvents = counters.ActiveTime;
        Thread.Sleep(30); // idle time after the last work does not
        Assert.Equal(afterEvents, counters.ActiveTime);
        Assert.InRange(afterEvents, TimeSpan.FromMilliseconds(55), wall.Elapsed);
    }

    [Fact]
    public void Learner_checkpoints_add_up_their_count_and_time()
    {
        using var counters = new TopologyCounters();
        counters.LearnerCheckpointed(TimeSpan.FromMilliseconds(12));
        counters.LearnerCheckpointed(TimeSpan.FromMilliseconds(30));
        Assert.Equal((2L, TimeSpan.FromMilliseconds(42)), counters.LearnerCheckpoints);
    }

    [Fact]
    public void Replay_steps_gauge_counts_each_switch_into_catch_up()
    {
        using var counters = new TopologyCounters();
        Assert.Equal(-1, counters.ReplaySteps);
        counters.LearnerReplaySteps(8);
        counters.LearnerReplaySteps(0);
        counters.LearnerReplaySteps(0);
        counters.LearnerReplaySteps(8);
        counters.LearnerReplaySteps(0);
        Assert.Equal(0, counters.ReplaySteps);
        Assert.Equal(2, counters.CatchUps);
    }

    [Fact]
    public void Predictions_of_events_produced_before_the_run_started_are_counted_apart()
    {
        using var counters = new TopologyCounters();
        counters.Predicted(1, 0.9, 1, eventTimeMs: 500, latencyMs: 10); // no start marked: nothing counts as queued
        counters.RunStarted(1_000);
        counters.Predicted(1, 0.9, 1, eventTimeMs: 999, latencyMs: 4_000);
        counters.Predicted(0, 0.2, 0, eventTimeMs: 1_000, latencyMs: 12);
        counters.Predicted(0, 0.2, 0, eventTimeMs: 1_500, latencyMs: 12);

        Assert.Equal(4, counters.Predictions);
        Assert.Equal(1, counters.PredictionsOfQueuedEvents);
    }
}
