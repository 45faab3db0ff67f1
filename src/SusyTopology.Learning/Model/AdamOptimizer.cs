using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SusyTopology.Learning.Model;

/// <summary>
/// Adam (Kingma &amp; Ba 2015) with bias correction, optional decoupled weight decay (AdamW, Loshchilov &amp;
/// Hutter 2019) and inverse-time learning-rate decay. Moments are float arrays parallel to the parameters.
/// </summary>
public sealed class AdamOptimizer
{
    private readonly float _beta1, _beta2, _epsilon, _learningRate, _decay, _weightDecay;

    public AdamOptimizer(int parameterCount, float learningRate, float beta1, float beta2, float epsilon, float weightDecay = 0f, float learningRateDecay = 0f)
    {
        FirstMoment = new float[parameterCount];
        SecondMoment = new float[parameterCount];
        (_learningRate, _beta1, _beta2, _epsilon, _weightDecay, _decay) = (learningRate, beta1, beta2, epsilon, weightDecay, learningRateDecay);
    }

    public float[] FirstMoment { get; }
    public float[] SecondMoment { get; }

    /// <summary>Number of steps taken (t in the paper).</summary>
    public long Steps { get; set; }

    /// <summary>Step size used by the next step, after the schedule.</summary>
    public float CurrentLearningRate => (float)(_learningRate / (1.0 + _decay * Steps));

    /// <summary>Advances the step counter; call once per mini-batch before the <see cref="Update"/> sweeps.</summary>
    public void BeginStep() => Steps++;

    /// <summary>
    /// Updates one contiguous parameter segment (e.g. a weight matrix) from its gradient;
    /// <paramref name="decay"/> selects whether weight decay applies (weights yes, biases no).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Update(Span<float> parameters, ReadOnlySpan<float> gradients, int offset, bool decay)
    {
        var lr = (float)(_learningRate / (1.0 + _decay * (Steps - 1)));
        // Textbook bias correction m̂ = m/(1−β1ᵗ), v̂ = v/(1−β2ᵗ), so ε is added to √v̂ exactly as the paper writes it.
        var c1 = (float)(1.0 / (1.0 - Math.Pow(_beta1, Steps)));
        var c2 = (float)(1.0 / (1.0 - Math.Pow(_beta2, Steps)));
        var wd = decay ? _weightDecay : 0f;
        var m = FirstMoment.AsSpan(offset, parameters.Length);
        var v = SecondMoment.AsSpan(offset, parameters.Length);
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var vb1 = Vector256.Create(_beta1); var vb1c = Vector256.Create(1f - _beta1);
            var vb2 = Vector256.Create(_beta2); var vb2c = Vector256.Create(1f - _beta2);
            var vc1 = Vector256.Create(c1); var vc2 = Vector256.Create(c2);
            var veps = Vector256.Create(_epsilon); var vlr = Vector256.Create(lr); var vwd = Vector256.Create(wd);
            for (; i + 8 <= parameters.Length; i += 8)
            {
                var g = Vector256.Create(gradients.Slice(i, 8));
                var mi = vb1 * Vector256.Create(m.Slice(i, 8)) + vb1c * g;
                var vi = vb2 * Vector256.Create(v.Slice(i, 8)) + vb2c * (g * g);
                var p = Vector256.Create(parameters.Slice(i, 8));
                var step = (mi * vc1) / (Vector256.Sqrt(vi * vc2) + veps) + vwd * p;
                (p - vlr * step).CopyTo(parameters.Slice(i, 8));
                mi.CopyTo(m.Slice(i, 8));
                vi.CopyTo(v.Slice(i, 8));
            }
        }
        for (; i < parameters.Length; i++)
        {
            var g = gradients[i];
            var mi = _beta1 * m[i] + (1f - _beta1) * g;
            var vi = _beta2 * v[i] + (1f - _beta2) * (g * g);
            var p = parameters[i];
            var step = (mi * c1) / (MathF.Sqrt(vi * c2) + _epsilon) + wd * p;
            parameters[i] = p - lr * step;
            m[i] = mi;
            v[i] = vi;
        }
    }
}
