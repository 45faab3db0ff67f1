using SusyTopology.Learning.Kernels;

namespace SusyTopology.Learning.Model;

/// <summary>
/// A dense ReLU network with one output logit. All parameters live in one contiguous array (per layer: the
/// weights stored transposed as <c>Wᵀ[in, out]</c>, then the bias) so the optimiser updates them in one
/// vectorised sweep and a snapshot is a single copy.
/// </summary>
/// <remarks>
/// Not thread-safe: the forward/backward buffers are reused across calls so that a batch allocates nothing once
/// the largest batch size has been seen.
/// </remarks>
public sealed class MultilayerPerceptron
{
    private readonly int[] _widths;
    private readonly float[] _dropout;
    private readonly int[] _weightOffset;
    private readonly int[] _biasOffset;
    private int _capacity;

    // Forward state: _activations[0] is the (standardised) input, _activations[L] the logits.
    private float[][] _activations = [];
    private float[][] _masks = [];
    // Backward scratch: two ping-pong gradient buffers, a transposed-activation buffer and a W (not Wᵀ) buffer.
    private float[] _deltaA = [], _deltaB = [], _transposed = [];
    private readonly float[] _weightsNotTransposed;
    private float[] _labels = [];

    public MultilayerPerceptron(IReadOnlyList<int> widths, IReadOnlyList<float> dropout)
    {
        if (widths.Count < 2) throw new ArgumentException("A network needs at least an input and an output width.", nameof(widths));
        if (dropout.Count != widths.Count - 2) throw new ArgumentException("One dropout rate per hidden layer.", nameof(dropout));
        _widths = [.. widths];
        _dropout = [.. dropout];
        _weightOffset = new int[LayerCount];
        _biasOffset = new int[LayerCount];
        var offset = 0;
        var largestWeight = 0;
        for (var l = 0; l < LayerCount; l++)
        {
            _weightOffset[l] = offset;
            offset += _widths[l] * _widths[l + 1];
            _biasOffset[l] = offset;
            offset += _widths[l + 1];
            largestWeight = Math.Max(largestWeight, _widths[l] * _widths[l + 1]);
        }
        Parameters = new float[offset];
        Gradients = new float[offset];
        _weightsNotTransposed = new float[largestWeight];
    }

    public int LayerCount => _widths.Length - 1;
    public int InputSize => _widths[0];
    public IReadOnlyList<int> Widths => _widths;
    public IReadOnlyList<float> DropoutRates => _dropout;

    /// <summary>All weights and biases, layer after layer: <c>Wᵀ₁ b₁ Wᵀ₂ b₂ …</c>.</summary>
    public float[] Parameters { get; }

    /// <summary>∂loss/∂<see cref="Parameters"/> from the last <see cref="ForwardBackward"/>.</summary>
    public float[] Gradients { get; }

    public int WeightOffset(int layer) => _weightOffset[layer];
    public int BiasOffset(int layer) => _biasOffset[layer];

    /// <summary>The layer's weights as <c>Wᵀ[in, out]</c>.</summary>
    public Span<float> WeightsTransposed(int layer) => Parameters.AsSpan(_weightOffset[layer], _widths[layer] * _widths[layer + 1]);
    public Span<float> Bias(int layer) => Parameters.AsSpan(_biasOffset[layer], _widths[layer + 1]);

    /// <summary>He-normal weights (σ = <paramref name="scale"/>·√(2/fan_in)) and zero biases.</summary>
    public void Initialize(Xoshiro256StarStar rng, double scale = 1.0)
    {
        Array.Clear(Parameters);
        for (var l = 0; l < LayerCount; l++)
        {
            var sigma = scale * Math.Sqrt(2.0 / _widths[l]);
            var w = WeightsTransposed(l);
            for (var i = 0; i < w.Length; i++) w[i] = (float)(rng.NextGaussian() * sigma);
        }
    }

    /// <summary>Inference: writes one logit per row into <paramref name="logits"/>.</summary>
    public void PredictLogits(ReadOnlySpan<float> input, int rows, Span<float> logits)
    {
        Forward(input, rows, dropoutRng: null);
        _activations[LayerCount].AsSpan(0, rows).CopyTo(logits);
    }

    /// <summary>
    /// One forward and backward pass over a mini-batch: returns the mean binary cross-entropy and leaves its
    /// gradient in <see cref="Gradients"/>. Dropout is applied when <paramref name="dropoutRng"/> is given.
    /// </summary>
    public double ForwardBackward(ReadOnlySpan<float> input, ReadOnlySpan<int> labels, int rows, Xoshiro256StarStar? dropoutRng)
    {
        if (labels.Length < rows) throw new ArgumentException($"Need {rows} labels, got {labels.Length}.", nameof(labels));
        Forward(input, rows, dropoutRng);
        if (dropoutRng is null)
            foreach (var mask in _masks) mask.AsSpan().Fill(1f);
        for (var i = 0; i < rows; i++) _labels[i] = labels[i];
        var last = LayerCount - 1;
        var delta = _deltaA.AsSpan(0, rows);
        var loss = LayerKernels.BinaryCrossEntropyWithLogits(_activations[LayerCount].AsSpan(0, rows), _labels.AsSpan(0, rows), delta);
        Backward(rows, last);
        return loss;
    }

    private void Forward(ReadOnlySpan<float> input, int rows, Xoshiro256StarStar? dropoutRng)
    {
        EnsureCapacity(rows);
        var inputCount = rows * InputSize;
        if (input.Length < inputCount) throw new ArgumentException($"Input needs {rows}×{InputSize} values, has {input.Length}.", nameof(input));
        input[..inputCount].CopyTo(_activations[0]);
        for (var l = 0; l < LayerCount; l++)
        {
            int fanIn = _widths[l], fanOut = _widths[l + 1];
            var output = _activations[l + 1].AsSpan(0, rows * fanOut);
            Sgemm.Multiply(_activations[l], WeightsTransposed(l), output, rows, fanIn, fanOut);
            if (l == LayerCount - 1)
                LayerKernels.AddBias(output, Bias(l), rows);
            else if (dropoutRng is not null)
                LayerKernels.AddBiasReluDropout(output, Bias(l), _masks[l], rows, _dropout[l], dropoutRng);
            else
                LayerKernels.AddBiasRelu(output, Bias(l), rows);
        }
    }

    /// <summary>Back-propagates the logit gradient held in <c>_deltaA</c> through every layer.</summary>
    private void Backward(int rows, int last)
    {
        var delta = _deltaA;
        var next = _deltaB;
        for (var l = last; l >= 0; l--)
        {
            int fanIn = _widths[l], fanOut = _widths[l + 1];
            var gradOut = delta.AsSpan(0, rows * fanOut);
            // ∂Wᵀ[in,out] = Aᵀ[in,rows] · δ[rows,out]
            Sgemm.Transpose(_activations[l], _transposed, rows, fanIn);
            Sgemm.Multiply(_transposed, gradOut, Gradients.AsSpan(_weightOffset[l], fanIn * fanOut), fanIn, rows, fanOut);
            LayerKernels.ColumnSums(gradOut, Gradients.AsSpan(_biasOffset[l], fanOut), rows);
            if (l == 0) break; // the input needs no gradient
            // ∂A[rows,in] = δ[rows,out] · W[out,in], then back through dropout and ReLU of layer l−1.
            Sgemm.Transpose(WeightsTransposed(l), _weightsNotTransposed, fanIn, fanOut);
            var gradIn = next.AsSpan(0, rows * fanIn);
            Sgemm.Multiply(gradOut, _weightsNotTransposed, gradIn, rows, fanOut, fanIn);
            LayerKernels.ReluDropoutBackward(gradIn, _activations[l], _masks[l - 1], rows * fanIn);
            (delta, next) = (next, delta);
        }
    }

    /// <summary>Grows the per-row buffers to <paramref name="rows"/>; after warm-up this never allocates.</summary>
    private void EnsureCapacity(int rows)
    {
        if (rows > _capacity) Grow(rows);
    }

    // Separate from EnsureCapacity: its lambdas' closure would otherwise be allocated on every call, grown or not.
    private void Grow(int rows)
    {
        var capacity = Math.Max(rows, _capacity * 2);
        var widest = _widths.Max();
        _activations = [.. _widths.Select(w => new float[capacity * w])];
        // Masks start at 1 so a backward pass after an inference-mode forward is the plain ReLU derivative.
        _masks = [.. _widths.Skip(1).Take(LayerCount - 1).Select(w => Enumerable.Repeat(1f, capacity * w).ToArray())];
        _deltaA = new float[capacity * widest];
        _deltaB = new float[capacity * widest];
        _transposed = new float[capacity * widest];
        _labels = new float[capacity];
        _capacity = capacity;
    }
}
