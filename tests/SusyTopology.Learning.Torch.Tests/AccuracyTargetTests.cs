using SusyTopology.Learning.Data;
using SusyTopology.Learning.Training;

namespace SusyTopology.Learning.Torch.Tests;

public class AccuracyTargetTests
{
    private static string SampleCsv
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "data", "sample", "susy-sample.csv.gz");
                if (File.Exists(candidate)) return candidate;
            }
            throw new FileNotFoundException("data/sample/susy-sample.csv.gz not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>
    /// Issue 15's target for the default backend: one online pass (the app's learner settings, default seed) over the
    /// bundled sample's first 60 %, then the final model on the other 40 %. Deterministic: libtorch runs on one
    /// thread and every random draw is the learner's seeded RNG (measured 78.58 %; seeds 1–8: 78.74–79.47 %).
    /// </summary>
    [Fact]
    public void One_online_pass_on_TorchSharp_reaches_78_5_percent_on_the_samples_60_40_split()
    {
        var (train, test) = SusyCsv.Load(SampleCsv).Split(0.4);
        var result = OfflineHarness.Run(train, test, OfflineTrainingOptions.ForOnline(), backend: new TorchSharpBackendFactory());
        using var classifier = result.Classifier;
        Assert.Equal(Backends.LearnerBackend.TorchSharp, classifier.Backend);
        Assert.Equal(train.Count, classifier.TrainedRecords);
        Assert.True(result.Accuracy >= 0.785, $"final-model test accuracy {result.Accuracy:P2}");
    }

    /// <summary>
    /// Issue 15's offline target, `susy train-offline --epochs 10` tested on rows it never saw: five-fold
    /// cross-validation over the bundled sample (train on four fifths, about 7,200 rows, test on the other 1,800). No
    /// other real SUSY file exists in the repository; this is the closest honest stand-in. Measured 79.60 / 79.72 / 78.49
    /// / 79.44 / 79.50 %, mean 79.35 % (the SIMD backend: mean 79.37 %).
    /// </summary>
    [Fact]
    public void Ten_epochs_on_TorchSharp_reach_79_percent_on_unseen_rows_in_five_fold_cross_validation()
    {
        var data = SusyCsv.Load(SampleCsv);
        var accuracies = new List<double>();
        for (var fold = 0; fold < 5; fold++)
        {
            var (train, test) = data.Fold(fold, 5);
            var result = OfflineHarness.Run(train, test, OfflineTrainingOptions.ForOffline(epochs: 10), backend: new TorchSharpBackendFactory());
            using var classifier = result.Classifier;
            accuracies.Add(result.Accuracy);
        }
        var summary = string.Join(" / ", accuracies.Select(a => a.ToString("P2")));
        Assert.True(accuracies.Average() >= 0.79, $"mean test accuracy {accuracies.Average():P2} ({summary})");
        Assert.True(accuracies.Min() >= 0.78, $"a fold below 78 % ({summary})");
    }
}
