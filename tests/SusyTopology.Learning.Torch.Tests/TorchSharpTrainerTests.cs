using SusyTopology.Learning.Backends;
using SusyTopology.Learning.Model;

namespace SusyTopology.Learning.Torch.Tests;

public class TorchSharpTrainerTests
{
    /// <summary>
    /// The two backends are written independently (autograd and tensor-op Adam against hand-written SIMD kernels)
    /// from the same initial weights and dropout masks: after a few steps they agree to float rounding, which checks
    /// the forward pass, the dropout masks, the loss gradient, Adam, weight decay, the schedule and the average.
    /// </summary>
    [Fact]
    public void Steps_agree_with_the_simd_backend_to_float_rounding()
    {
        var options = LearnerBackendContract.Options with { ReplayBufferSize = 0, ReplayStepsPerBatch = 0 };
        var (x, y) = Blobs.Make(5 * 16, 11);
        using var torchLearner = new OnlineClassifier(options, new TorchSharpBackendFactory());
        using var simdLearner = new OnlineClassifier(options, new SimdBackendFactory());
        torchLearner.Learn(x, y);
        simdLearner.Learn(x, y);
        var (t, s) = (torchLearner.NetworkState(), simdLearner.NetworkState());
        Assert.Equal(5, t.Steps);
        Assert.True(MaxDifference(t.Parameters, s.Parameters) < 1e-5, $"parameters differ by {MaxDifference(t.Parameters, s.Parameters):E2}");
        Assert.True(MaxDifference(t.Averaged!, s.Averaged!) < 1e-5);
        Assert.True(MaxDifference(t.SecondMoment, s.SecondMoment) < 1e-6);
        Assert.Equal(simdLearner.LastLoss, torchLearner.LastLoss, 4);
    }

    private static double MaxDifference(float[] a, float[] b) => a.Zip(b, (p, q) => Math.Abs(p - q)).Max();
}
