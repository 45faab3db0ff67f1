using SusyTopology.Learning.Data;
using SusyTopology.Learning.Training;

namespace SusyTopology.Learning.Tests;

/// <summary>
/// Short runs of the harness on the real sample (fast settings: the full accuracy targets are measured with
/// `susy train-offline`, whose numbers are in the report, not in a timed unit test).
/// </summary>
public class OfflineHarnessTests
{
    private static readonly SusyDataset Data = SusyCsv.Load(ExternalTools.SampleCsv);

    [Fact]
    public void Two_offline_epochs_learn_well_beyond_chance()
    {
        var (train, test) = Data.Split(0.4);
        var result = OfflineHarness.Run(train, test, OfflineTrainingOptions.ForOffline(epochs: 2));
        Assert.Equal("offline", result.Mode);
        Assert.Equal(5_399, result.TrainRecords);
        Assert.Equal(3_599, result.TestRecords);
        Assert.Equal(2 * 5_399, result.Classifier.TrainedRecords);
        Assert.InRange(result.Accuracy, 0.75, 1.0);
        Assert.InRange(result.Auc, 0.82, 1.0);
        Assert.InRange(result.LogLoss, 0.0, 0.55);
        Assert.Null(result.PrequentialAccuracy);
    }

    [Fact]
    public void Online_pass_reports_prequential_metrics_and_progress()
    {
        var (train, test) = Data.Slice(0, 3_000).Split(0.4);
        var options = OfflineTrainingOptions.ForOnline() with
        {
            Classifier = OfflineTrainingOptions.OnlineClassifier with { ReplayStepsPerBatch = 2 },
        };
        var reports = new List<OfflineProgress>();
        var result = OfflineHarness.Run(train, test, options, new SynchronousProgress(reports.Add));
        Assert.Equal("online", result.Mode);
        Assert.Equal(train.Count, result.Classifier.TrainedRecords);
        Assert.InRange(result.PrequentialAccuracy!.Value, 0.65, 1.0);
        Assert.InRange(result.Accuracy, 0.72, 1.0);
        Assert.Equal(train.Count, reports[^1].RecordsDone);
    }

    private sealed class SynchronousProgress(Action<OfflineProgress> report) : IProgress<OfflineProgress>
    {
        public void Report(OfflineProgress value) => report(value);
    }
}
