using SusyTopology.Learning.Model;

namespace SusyTopology.Learning.Tests;

/// <summary>
/// Central finite differences (in double-checked float) against back-propagation, for every parameter block of
/// every layer type: the first dense layer, hidden ReLU layers with and without dropout, and the logit layer
/// feeding binary cross-entropy.
/// </summary>
public class GradientCheckTests
{
    private static (float[] X, int[] Y) Batch(int rows, int features, ulong seed)
    {
        var rng = new Xoshiro256StarStar(seed);
        var x = Enumerable.Range(0, rows * features).Select(_ => (float)rng.NextGaussian()).ToArray();
        var y = Enumerable.Range(0, rows).Select(_ => rng.NextInt(2)).ToArray();
        return (x, y);
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(0.3f)]
    public void Backprop_matches_finite_differences_on_every_layer(float dropout)
    {
        var net = new MultilayerPerceptron([5, 7, 6, 1], [dropout, dropout]);
        net.Initialize(new Xoshiro256StarStar(3));
        // Non-zero biases so the bias gradients are exercised away from the initial point.
        var init = new Xoshiro256StarStar(4);
        for (var l = 0; l < net.LayerCount; l++)
        {
            var b = net.Bias(l);
            for (var i = 0; i < b.Length; i++) b[i] = (float)(init.NextGaussian() * 0.1);
        }
        var (x, y) = Batch(9, 5, 5);
        var rngState = new ulong[4];
        var dropoutRng = new Xoshiro256StarStar(77);
        dropoutRng.GetState(rngState);
        // A fresh copy of the same RNG for every evaluation makes every forward pass use identical dropout masks.
        Xoshiro256StarStar? SameMasks() => dropout > 0 ? Xoshiro256StarStar.FromState(rngState) : null;

        net.ForwardBackward(x, y, 9, SameMasks());
        var analytic = (float[])net.Gradients.Clone();
        const float h = 1e-3f;
        var checkedCount = 0;
        for (var i = 0; i < net.Parameters.Length; i++)
        {
            var original = net.Parameters[i];
            net.Parameters[i] = original + h;
            var plus = net.ForwardBackward(x, y, 9, SameMasks());
            net.Parameters[i] = original - h;
            var minus = net.ForwardBackward(x, y, 9, SameMasks());
            net.Parameters[i] = original;
            var numeric = (plus - minus) / (2 * h);
            // ReLU kinks make a few central differences straddle a non-differentiable point; those differ by a lot
            // in both directions, so the bound is relative with a small absolute floor.
            Assert.True(Math.Abs(numeric - analytic[i]) <= 1e-3 + 1e-2 * Math.Abs(numeric),
                $"parameter {i} (layer block {Block(net, i)}): numeric {numeric:G6} vs backprop {analytic[i]:G6}");
            checkedCount++;
        }
        Assert.Equal(net.Parameters.Length, checkedCount);
    }

    private static string Block(MultilayerPerceptron net, int index)
    {
        for (var l = net.LayerCount - 1; l >= 0; l--)
        {
            if (index >= net.BiasOffset(l)) return $"bias {l}";
            if (index >= net.WeightOffset(l)) return $"weights {l}";
        }
        return "?";
    }

    [Fact]
    public void Loss_is_stable_for_huge_logits()
    {
        var grad = new float[2];
        var loss = SusyTopology.Learning.Kernels.LayerKernels.BinaryCrossEntropyWithLogits([1000f, -1000f], [0f, 1f], grad);
        Assert.Equal(1000.0, loss, 3);
        Assert.Equal(0.5f, grad[0], 5);
        Assert.Equal(-0.5f, grad[1], 5);
        var confident = SusyTopology.Learning.Kernels.LayerKernels.BinaryCrossEntropyWithLogits([1000f, -1000f], [1f, 0f], grad);
        Assert.Equal(0.0, confident, 9);
    }
}
