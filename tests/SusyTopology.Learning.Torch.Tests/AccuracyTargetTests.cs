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
}
