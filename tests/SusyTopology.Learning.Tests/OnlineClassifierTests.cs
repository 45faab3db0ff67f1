using SusyTopology.Learning.Model;

namespace SusyTopology.Learning.Tests;

public class OnlineClassifierTests
{
    /// <summary>Two Gaussian blobs in 4-D, offset along the diagonal, with features on very different scales.</summary>
    internal static (float[] X, int[] Y) Blobs(int rows, ulong seed)
    {
        var rng = new Xoshiro256StarStar(seed);
        var x = new float[rows * 4];
        var y = new int[rows];
        for (var r = 0; r < rows; r++)
        {
            y[r] = rng.NextInt(2);
            var shift = y[r] == 1 ? 1.5 : -1.5;
            for (var j = 0; j < 4; j++) x[r * 4 + j] = (float)((rng.NextGaussian() + shift) * Math.Pow(10, j - 1) + 100 * j);
        }
        return (x, y);
    }

    private static OnlineClassifierOptions Small => new()
    {
        InputSize = 4,
        HiddenLayers = [16, 8],
        Dropout = [0.1f, 0.1f],
        BatchSize = 16,
        LearningRate = 3e-3f,
        Seed = 7,
    };

    [Fact]
    public void Learns_separable_blobs_despite_unscaled_features()
    {
        var (x, y) = Blobs(3000, 1);
        var model = new OnlineClassifier(Small);
        model.Learn(x, y);
        var (tx, ty) = Blobs(1000, 2);
        var p = new float[1000];
        model.PredictProba(tx, p);
        var correct = Enumerable.Range(0, 1000).Count(i => (p[i] >= 0.5f ? 1 : 0) == ty[i]);
        Assert.True(correct > 950, $"accuracy {correct / 10.0}%");
        Assert.Equal(3000, model.TrainedRecords);
    }

    [Fact]
    public void Same_seed_gives_identical_models_and_different_seeds_do_not()
    {
        var (x, y) = Blobs(500, 3);
        var a = new OnlineClassifier(Small);
        var b = new OnlineClassifier(Small);
        var c = new OnlineClassifier(Small with { Seed = 8 });
        foreach (var m in new[] { a, b, c }) m.Learn(x, y);
        Assert.Equal(a.NetworkState().Parameters, b.NetworkState().Parameters);
        Assert.NotEqual(a.NetworkState().Parameters, c.NetworkState().Parameters);
    }

    [Fact]
    public void LearnOne_buffers_until_a_full_batch_and_then_matches_Learn()
    {
        var (x, y) = Blobs(48, 4);
        var batched = new OnlineClassifier(Small);
        batched.Learn(x, y);
        var single = new OnlineClassifier(Small);
        for (var r = 0; r < 48; r++)
        {
            var stepped = single.LearnOne(x.AsSpan(r * 4, 4), y[r]);
            Assert.Equal((r + 1) % 16 == 0, stepped);
        }
        Assert.Equal(0, single.PendingRecords);
        Assert.Equal(batched.NetworkState().Parameters, single.NetworkState().Parameters);
        single.LearnOne(x.AsSpan(0, 4), y[0]);
        Assert.Equal(1, single.PendingRecords);
        Assert.Equal(48, single.TrainedRecords);
        single.FlushPending();
        Assert.Equal(49, single.TrainedRecords);
    }

    [Fact]
    public void PredictProbaOne_agrees_with_the_batch_path()
    {
        var (x, y) = Blobs(600, 5);
        var model = new OnlineClassifier(Small);
        model.Learn(x, y);
        var p = new float[600];
        model.PredictProba(x, p); // 600 rows spans several inference chunks
        // Vectorised and scalar sigmoid/exp differ in the last ulp, hence a tolerance rather than equality.
        for (var r = 0; r < 600; r += 37) Assert.True(Math.Abs(p[r] - model.PredictProbaOne(x.AsSpan(r * 4, 4))) < 1e-6, $"row {r}");
    }

    [Fact]
    public void Replay_takes_extra_optimizer_steps_without_counting_rows_twice()
    {
        var (x, y) = Blobs(64, 6);
        var model = new OnlineClassifier(Small with { ReplayBufferSize = 100, ReplayStepsPerBatch = 3, EpochsPerBatch = 2 });
        model.Learn(x, y);
        Assert.Equal(64, model.TrainedRecords);
        Assert.Equal(4 * (2 + 3), model.OptimizerSteps);
    }

    [Fact]
    public void Replay_can_be_throttled_between_batches_and_a_reloaded_model_starts_from_the_options_value()
    {
        var (x, y) = Blobs(64, 6);
        var model = new OnlineClassifier(Small with { ReplayBufferSize = 100, ReplayStepsPerBatch = 3 });
        Assert.Equal(3, model.ReplaySteps);
        model.Learn(x.AsSpan(0, 16 * 4), y.AsSpan(0, 16)); // 1 + 3 steps
        model.ReplaySteps = 0;
        model.Learn(x.AsSpan(16 * 4, 32 * 4), y.AsSpan(16, 32)); // 2 × 1 step
        model.ReplaySteps = 5;
        model.Learn(x.AsSpan(48 * 4), y.AsSpan(48)); // 1 + 5 steps
        Assert.Equal(4 + 2 + 6, model.OptimizerSteps);
        Assert.Equal(64, model.TrainedRecords);

        using var state = new MemoryStream();
        model.SaveState(state);
        state.Position = 0;
        Assert.Equal(3, OnlineClassifier.LoadState(state).ReplaySteps);

        Assert.Throws<ArgumentOutOfRangeException>(() => model.ReplaySteps = -1);
        Assert.Throws<ArgumentException>(() => new OnlineClassifier(Small) { ReplaySteps = 1 }); // no replay buffer
    }

    [Fact]
    public void Bad_inputs_are_rejected_with_clear_errors()
    {
        var model = new OnlineClassifier(Small);
        Assert.Throws<ArgumentException>(() => model.LearnOne(new float[3], 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => model.LearnOne(new float[4], 2));
        Assert.Throws<ArgumentException>(() => model.Learn(new float[7], [0, 1]));
        Assert.Throws<ArgumentException>(() => new OnlineClassifier(Small with { Dropout = [0.1f] }));
        Assert.Throws<ArgumentException>(() => new OnlineClassifier(Small with { ReplayStepsPerBatch = 2 }));
    }

    [Fact]
    public void Adam_first_step_moves_each_parameter_by_the_learning_rate_against_its_gradient_sign()
    {
        // With bias correction, m̂/√v̂ = g/|g| on step one, so every parameter moves by ≈ lr.
        var adam = new AdamOptimizer(3, learningRate: 0.01f, beta1: 0.9f, beta2: 0.999f, epsilon: 1e-8f);
        var p = new float[] { 1f, 1f, 1f };
        adam.BeginStep();
        adam.Update(p, [0.5f, -2f, 0f], 0, decay: false);
        Assert.Equal(0.99f, p[0], 5);
        Assert.Equal(1.01f, p[1], 5);
        Assert.Equal(1f, p[2], 6);
    }

    [Fact]
    public void Standardizer_matches_the_two_pass_mean_and_variance()
    {
        var rng = new Xoshiro256StarStar(11);
        var data = Enumerable.Range(0, 3 * 1000).Select(_ => (float)(rng.NextGaussian() * 5 + 1000)).ToArray();
        var s = new OnlineStandardizer(3);
        s.Update(data.AsSpan(0, 3 * 400), 400);
        s.Update(data.AsSpan(3 * 400), 600);
        for (var j = 0; j < 3; j++)
        {
            var column = Enumerable.Range(0, 1000).Select(r => (double)data[r * 3 + j]).ToArray();
            var mean = column.Average();
            var variance = column.Select(v => (v - mean) * (v - mean)).Average();
            Assert.Equal(mean, s.Mean[j], 3);
            Assert.Equal(variance, s.Variance(j), 6);
        }
        var z = new float[3];
        s.Transform(data.AsSpan(0, 3), z, 1);
        Assert.Equal((data[0] - s.Mean[0]) / s.Scale[0], z[0], 5);
    }
}
