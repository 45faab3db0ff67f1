using SusyTopology.Dashboard.Observations;

namespace SusyTopology.Dashboard.Tests;

public class DashboardStateTests
{
    [Fact]
    public void Labelled_predictions_fall_into_event_time_windows_and_model_versions()
    {
        var state = new DashboardState(new DashboardOptions { Window = TimeSpan.FromSeconds(10) });
        state.Prediction(new ObservedPrediction(1_000, 1, 1, 0.8));   // window 0, right
        state.Prediction(new ObservedPrediction(9_999, 1, 0, 0.7));   // window 0, wrong
        state.Prediction(new ObservedPrediction(10_000, 2, 0, 0.1));  // window 10 s, right
        state.Prediction(new ObservedPrediction(12_000, 2, null, 0.4)); // unlabelled: counted, not scored
        state.Model(new ObservedModel(3, 3072, 11_000));

        var s = state.Snapshot();
        Assert.Equal(4, s.Predictions);
        Assert.Equal(3, s.LabelledPredictions);
        Assert.Equal(3, s.ModelVersion);
        Assert.Equal([(0L, 2L, 0.5), (10_000L, 1L, 1.0)], s.AccuracyByWindow.Select(p => (p.Key, p.Count, p.Accuracy)));
        Assert.Equal([(1L, 0.5), (2L, 1.0)], s.AccuracyByModelVersion.Select(p => (p.Key, p.Accuracy)));
        Assert.Equal(3072, Assert.Single(s.Models).TrainedRecords);
        Assert.Empty(s.PrequentialByWindow);
    }

    [Fact]
    public void Only_the_latest_dead_letters_are_listed_newest_first_but_all_are_counted()
    {
        var state = new DashboardState(new DashboardOptions { MaxDeadLetters = 2 });
        for (var i = 0; i < 5; i++) state.DeadLetter(new ObservedDeadLetter(i, "SusyTopology.InvalidEvent", $"reason {i}", "susy-events", 0, i));
        var s = state.Snapshot();
        Assert.Equal(5, s.DeadLetters);
        Assert.Equal(["reason 4", "reason 3"], s.LatestDeadLetters.Select(d => d.Reason));
    }
}
