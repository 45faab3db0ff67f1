using System.Runtime.InteropServices;
using SusyTopology.Learning.Backends;
using SusyTopology.Learning.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace SusyTopology.Learning.Torch;

/// <summary>
/// The network on libtorch: every parameter in one flat float tensor in <see cref="NetworkLayout"/> order (so Adam and
/// the average are one tensor sweep each, and state copies are single spans), forward as <c>addmm</c> + ReLU + the
/// learner's dropout masks, binary cross-entropy with logits and autograd backward; Adam written as tensor ops
/// with the SIMD backend's schedule (textbook bias correction, inverse-time decay, decoupled weight decay).
/// Autograd sees each layer's weights and bias as leaves that are views of the flat tensor, with gradients that are
/// views of one flat gradient tensor: backward then accumulates straight into it (measured: a flat leaf narrowed per
/// layer made backward 2–3× slower, each narrow's gradient being scattered into a full-size zero tensor).
/// </summary>
/// <remarks>Not thread-safe. Deterministic on the CPU with libtorch's one intra-op thread (set by <see cref="TorchSharpBackendFactory"/>).</remarks>
public sealed class TorchSharpNetworkTrainer : INetworkTrainer
{
    private readonly OnlineClassifierOptions _options;
    private readonly Tensor _parameters;     // flat; autograd sees its per-layer views below
    private readonly Tensor _gradients;      // flat; the per-layer leaves' .grad are views of it
    private readonly Tensor[] _weights, _biases;                 // leaves: Wᵀ[in, out] and b views of _parameters
    private readonly Tensor[]? _averagedWeights, _averagedBiases; // the same views of _averaged
    private readonly Tensor? _averaged;      // Polyak average, or none
    private readonly Tensor _firstMoment, _secondMoment;
    private readonly Tensor? _weightDecayMask;
    // Adam's constant scalars, held in fields: see AdamUpdate for why none may be a temporary.
    private readonly Scalar _beta2, _oneMinusBeta2, _one;
    // Per-row buffers, grown to the largest batch seen: per hidden layer a dropout mask [rows · width] filled from
    // the learner's RNG, the input [rows · in] and the labels [rows].
    private Tensor[] _masks = [];
    private Tensor _input = null!, _labels = null!;
    private float[] _labelScratch = [];
    private int _capacity;

    public TorchSharpNetworkTrainer(OnlineClassifierOptions options, ReadOnlySpan<float> initialParameters)
    {
        _options = options;
        Layout = new NetworkLayout(options.LayerWidths());
        var n = Layout.ParameterCount;
        if (initialParameters.Length != n)
            throw new ArgumentException($"{initialParameters.Length} initial parameters for a network of {n}.", nameof(initialParameters));
        _parameters = zeros(n, ScalarType.Float32);
        initialParameters.CopyTo(Floats(_parameters));
        _gradients = zeros(n, ScalarType.Float32);
        (_weights, _biases) = LayerViews(_parameters);
        var (gradientWeights, gradientBiases) = LayerViews(_gradients);
        for (var l = 0; l < Layout.LayerCount; l++)
        {
            _weights[l].requires_grad_(true).grad = gradientWeights[l];
            _biases[l].requires_grad_(true).grad = gradientBiases[l];
        }
        if (options.WeightAveragingDecay > 0f)
        {
            _averaged = zeros(n, ScalarType.Float32);
            initialParameters.CopyTo(Floats(_averaged));
            (_averagedWeights, _averagedBiases) = LayerViews(_averaged);
        }
        _firstMoment = zeros(n, ScalarType.Float32);
        _secondMoment = zeros(n, ScalarType.Float32);
        if (options.WeightDecay > 0f) _weightDecayMask = tensor(Layout.WeightDecayMask(options.WeightDecay));
        _beta2 = options.Beta2.ToScalar();
        _oneMinusBeta2 = (1f - options.Beta2).ToScalar();
        _one = 1.ToScalar(); // the alpha add_(Scalar) passes
        Grow(64);
    }

    public LearnerBackend Backend => LearnerBackend.TorchSharp;
    public NetworkLayout Layout { get; }
    public long Steps { get; private set; }

    public double Step(ReadOnlySpan<float> standardized, ReadOnlySpan<int> labels, int rows, Xoshiro256StarStar dropoutRng)
    {
        CheckRows(rows);
        using var scope = NewDisposeScope();
        var x = Load(standardized, rows);
        for (var i = 0; i < rows; i++) _labelScratch[i] = labels[i];
        _labelScratch.AsSpan(0, rows).CopyTo(Floats(_labels));
        var target = _labels.narrow(0, 0, rows);
        _gradients.zero_();
        var logits = Forward(_weights, _biases, x, rows, dropoutRng);
        var loss = nn.functional.binary_cross_entropy_with_logits(logits, target);
        loss.backward();
        var value = loss.item<float>();
        using (no_grad())
        {
            Steps++;
            AdamUpdate();
        }
        return value;
    }

    public void Average(float decay)
    {
        if (_averaged is null) return;
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        _averaged.lerp_(_parameters, 1f - decay);
    }

    public void PredictLogits(ReadOnlySpan<float> standardized, int rows, Span<float> logits)
    {
        CheckRows(rows);
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var output = Forward(_averagedWeights ?? _weights, _averagedBiases ?? _biases, Load(standardized, rows), rows, dropoutRng: null);
        Floats(output).CopyTo(logits);
    }

    public void CopyPredictionParameters(Span<float> destination) => Floats(_averaged ?? _parameters).CopyTo(destination);

    public NetworkState ExportState() => new(
        Steps,
        Floats(_parameters).ToArray(),
        _averaged is null ? null : Floats(_averaged).ToArray(),
        Floats(_firstMoment).ToArray(),
        Floats(_secondMoment).ToArray());

    public void ImportState(NetworkState state)
    {
        NetworkStates.Check(state, Layout, averaged: _averaged is not null);
        Steps = state.Steps;
        state.Parameters.CopyTo(Floats(_parameters));
        if (_averaged is not null) state.Averaged.CopyTo(Floats(_averaged));
        state.FirstMoment.CopyTo(Floats(_firstMoment));
        state.SecondMoment.CopyTo(Floats(_secondMoment));
    }

    public void Dispose()
    {
        foreach (var view in _weights.Concat(_biases).Concat(_averagedWeights ?? []).Concat(_averagedBiases ?? [])) view.Dispose();
        _parameters.Dispose();
        _gradients.Dispose();
        _averaged?.Dispose();
        _firstMoment.Dispose();
        _secondMoment.Dispose();
        _weightDecayMask?.Dispose();
        _beta2.Dispose();
        _oneMinusBeta2.Dispose();
        _one.Dispose();
        DisposeRowBuffers();
    }

    private Tensor Load(ReadOnlySpan<float> standardized, int rows)
    {
        var count = rows * _options.InputSize;
        if (standardized.Length < count) throw new ArgumentException($"Input needs {rows}×{_options.InputSize} values, has {standardized.Length}.", nameof(standardized));
        standardized[..count].CopyTo(Floats(_input));
        return _input.narrow(0, 0, count).view(rows, _options.InputSize);
    }

    /// <summary>Per layer, Wᵀ[in, out] and b as views of a flat tensor in <see cref="NetworkLayout"/> order.</summary>
    private (Tensor[] Weights, Tensor[] Biases) LayerViews(Tensor flat)
    {
        var weights = new Tensor[Layout.LayerCount];
        var biases = new Tensor[Layout.LayerCount];
        for (var l = 0; l < Layout.LayerCount; l++)
        {
            int fanIn = Layout.FanIn(l), fanOut = Layout.FanOut(l);
            weights[l] = flat.narrow(0, Layout.WeightOffset(l), (long)fanIn * fanOut).view(fanIn, fanOut);
            biases[l] = flat.narrow(0, Layout.BiasOffset(l), fanOut);
        }
        return (weights, biases);
    }

    /// <summary>The logits [rows] of the given layers; training mode when <paramref name="dropoutRng"/> is given.</summary>
    private Tensor Forward(Tensor[] weights, Tensor[] biases, Tensor x, int rows, Xoshiro256StarStar? dropoutRng)
    {
        var h = x;
        for (var l = 0; l < Layout.LayerCount; l++)
        {
            var fanOut = Layout.FanOut(l);
            h = addmm(biases[l], h, weights[l], beta: 1f, alpha: 1f);
            if (l == Layout.LayerCount - 1) break;
            h = nn.functional.relu(h);
            var rate = _options.Dropout[l];
            if (dropoutRng is null || rate <= 0f) continue;
            // The learner's RNG draws the masks exactly as the SIMD backend does, so both consume it alike.
            var count = rows * fanOut;
            dropoutRng.FillMask(Floats(_masks[l])[..count], rate, 1f / (1f - rate));
            h = h.mul(_masks[l].narrow(0, 0, count).view(rows, fanOut));
        }
        return h.view(rows);
    }

    /// <summary>
    /// Adam as <see cref="AdamOptimizer"/> computes it, <c>p ← p − lr·(m·c1 / (√(v·c2) + ε) + wd·p)</c> with
    /// c1 = 1/(1−β1ᵗ), c2 = 1/(1−β2ᵗ), rearranged into PyTorch's fused form <c>p −= (lr·c1/√c2)·m / (√v + ε/√c2)</c>
    /// so a step is six tensor sweeps (seven with weight decay) instead of eleven.
    /// </summary>
    private void AdamUpdate()
    {
        var o = _options;
        var lr = o.LearningRate / (1.0 + o.LearningRateDecay * (Steps - 1));
        var c1 = 1.0 / (1.0 - Math.Pow(o.Beta1, Steps));
        var sqrtC2 = Math.Sqrt(1.0 / (1.0 - Math.Pow(o.Beta2, Steps)));
        // TorchSharp hands a Scalar's native handle to libtorch without keeping the Scalar alive, and one made by an
        // implicit conversion is garbage at once: a collection during the call let its finalizer free the value
        // mid-operation ("Unknown scalar type", seen once in the crash tests). Each Scalar is held until the step ends.
        using var epsilon = ((float)(o.Epsilon / sqrtC2)).ToScalar();
        using var stepSize = ((float)(-lr * c1 / sqrtC2)).ToScalar();
        _firstMoment.lerp_(_gradients, 1f - o.Beta1); // a 0-d tensor, which the step's dispose scope holds
        _secondMoment.mul_(_beta2).addcmul_(_gradients, _gradients, _oneMinusBeta2);
        var denominator = _secondMoment.sqrt().add_(epsilon, _one);
        if (_weightDecayMask is not null)
        {
            using var decay = ((float)-lr).ToScalar();
            _parameters.addcmul_(_parameters, _weightDecayMask, decay);
        }
        _parameters.addcdiv_(_firstMoment, denominator, stepSize);
    }

    private void CheckRows(int rows)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        if (rows > _capacity) Grow(Math.Max(rows, 2 * _capacity));
    }

    private void Grow(int rows)
    {
        DisposeRowBuffers();
        _masks = [.. _options.HiddenLayers.Select(w => ones((long)rows * w, ScalarType.Float32))];
        _input = zeros((long)rows * _options.InputSize, ScalarType.Float32);
        _labels = zeros(rows, ScalarType.Float32);
        _labelScratch = new float[rows];
        _capacity = rows;
    }

    private void DisposeRowBuffers()
    {
        foreach (var mask in _masks) mask.Dispose();
        _input?.Dispose();
        _labels?.Dispose();
    }

    /// <summary>The tensor's memory as floats (CPU, contiguous float32: every tensor this class owns).</summary>
    private static Span<float> Floats(Tensor t) => MemoryMarshal.Cast<byte, float>(t.bytes);
}
