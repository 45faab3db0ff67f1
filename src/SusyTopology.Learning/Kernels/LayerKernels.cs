using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using SusyTopology.Learning.Model;

namespace SusyTopology.Learning.Kernels;

/// <summary>
/// The element-wise parts of a dense layer, fused so each activation matrix is walked once per pass:
/// bias + ReLU (+ inverted dropout) forward, the matching masked gradient backward, bias gradients and the
/// numerically stable binary cross-entropy on logits.
/// </summary>
public static class LayerKernels
{
    /// <summary><c>y[r,:] += bias</c> for every row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddBias(Span<float> y, ReadOnlySpan<float> bias, int rows)
    {
        var cols = bias.Length;
        for (var r = 0; r < rows; r++)
        {
            var row = y.Slice(r * cols, cols);
            TensorPrimitives.Add(row, bias, row);
        }
    }

    /// <summary><c>y = max(y + bias, 0)</c> row by row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddBiasRelu(Span<float> y, ReadOnlySpan<float> bias, int rows)
    {
        var cols = bias.Length;
        for (var r = 0; r < rows; r++)
        {
            var row = y.Slice(r * cols, cols);
            var j = 0;
            if (Vector256.IsHardwareAccelerated)
            {
                for (; j + 8 <= cols; j += 8)
                {
                    var v = Vector256.Create(row.Slice(j, 8)) + Vector256.Create(bias.Slice(j, 8));
                    Vector256.Max(v, Vector256<float>.Zero).CopyTo(row.Slice(j, 8));
                }
            }
            for (; j < cols; j++) row[j] = MathF.Max(row[j] + bias[j], 0f);
        }
    }

    /// <summary>
    /// Training-mode hidden activation: <c>y = max(y + bias, 0) · mask</c> where the mask is drawn here with keep
    /// probability <c>1 − rate</c> and scaled by <c>1/(1 − rate)</c> (inverted dropout, so inference needs no
    /// rescaling). The mask is kept for the backward pass.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddBiasReluDropout(Span<float> y, ReadOnlySpan<float> bias, Span<float> mask, int rows, float rate, Xoshiro256StarStar rng)
    {
        var count = rows * bias.Length;
        if (rate <= 0f)
        {
            AddBiasRelu(y, bias, rows);
            mask[..count].Fill(1f);
            return;
        }
        var keepScale = 1f / (1f - rate);
        rng.FillMask(mask[..count], rate, keepScale);
        AddBiasRelu(y, bias, rows);
        TensorPrimitives.Multiply(y[..count], mask[..count], y[..count]);
    }

    /// <summary>
    /// Back through ReLU and dropout: <c>g = g · mask</c> where the layer's output was positive, else 0. A zero
    /// output means either ReLU clipped it or dropout removed it; both give a zero derivative.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ReluDropoutBackward(Span<float> gradient, ReadOnlySpan<float> output, ReadOnlySpan<float> mask, int count)
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i + 8 <= count; i += 8)
            {
                var positive = Vector256.GreaterThan(Vector256.Create(output.Slice(i, 8)), Vector256<float>.Zero);
                var g = Vector256.Create(gradient.Slice(i, 8)) * Vector256.Create(mask.Slice(i, 8));
                Vector256.BitwiseAnd(g, positive).CopyTo(gradient.Slice(i, 8));
            }
        }
        for (; i < count; i++) gradient[i] = output[i] > 0f ? gradient[i] * mask[i] : 0f;
    }

    /// <summary><c>biasGradient = Σ_rows gradient[r,:]</c> (overwrites).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ColumnSums(ReadOnlySpan<float> gradient, Span<float> biasGradient, int rows)
    {
        var cols = biasGradient.Length;
        biasGradient.Clear();
        for (var r = 0; r < rows; r++) TensorPrimitives.Add(biasGradient, gradient.Slice(r * cols, cols), biasGradient);
    }

    /// <summary>
    /// Mean binary cross-entropy of <paramref name="logits"/> against 0/1 labels, computed as
    /// <c>max(z,0) − z·y + log(1 + e^{−|z|})</c> so it never overflows or takes log(0); writes
    /// <c>∂loss/∂z = (σ(z) − y)/n</c> into <paramref name="logitGradient"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double BinaryCrossEntropyWithLogits(ReadOnlySpan<float> logits, ReadOnlySpan<float> labels, Span<float> logitGradient)
    {
        var n = logits.Length;
        var loss = 0.0;
        var invN = 1f / n;
        for (var i = 0; i < n; i++)
        {
            var z = logits[i];
            var y = labels[i];
            loss += MathF.Max(z, 0f) - z * y + MathF.Log(1f + MathF.Exp(-MathF.Abs(z)));
            logitGradient[i] = (Sigmoid(z) - y) * invN;
        }
        return loss / n;
    }

    /// <summary>Logistic function evaluated without overflow for large |z|.</summary>
    public static float Sigmoid(float z)
    {
        if (z >= 0f) return 1f / (1f + MathF.Exp(-z));
        var e = MathF.Exp(z);
        return e / (1f + e);
    }
}
