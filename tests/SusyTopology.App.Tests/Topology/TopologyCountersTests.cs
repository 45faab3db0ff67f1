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
}
