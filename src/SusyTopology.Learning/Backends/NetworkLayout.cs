namespace SusyTopology.Learning.Backends;

/// <summary>
/// The flat parameter order every backend shares: per layer the weights transposed as <c>Wᵀ[in, out]</c>, then the
/// bias — <c>Wᵀ₁ b₁ Wᵀ₂ b₂ …</c>.
/// </summary>
public sealed class NetworkLayout
{
    private readonly int[] _widths;
    private readonly int[] _weightOffset;
    private readonly int[] _biasOffset;

    public NetworkLayout(IReadOnlyList<int> widths)
    {
        if (widths.Count < 2) throw new ArgumentException("A network needs at least an input and an output width.", nameof(widths));
        _widths = [.. widths];
        _weightOffset = new int[LayerCount];
        _biasOffset = new int[LayerCount];
        var offset = 0;
        for (var l = 0; l < LayerCount; l++)
        {
            _weightOffset[l] = offset;
            offset += _widths[l] * _widths[l + 1];
            _biasOffset[l] = offset;
            offset += _widths[l + 1];
        }
        ParameterCount = offset;
    }

    public IReadOnlyList<int> Widths => _widths;
    public int LayerCount => _widths.Length - 1;
    public int ParameterCount { get; }
    public int FanIn(int layer) => _widths[layer];
    public int FanOut(int layer) => _widths[layer + 1];
    public int WeightOffset(int layer) => _weightOffset[layer];
    public int BiasOffset(int layer) => _biasOffset[layer];

    /// <summary>
    /// Weight-decay multipliers per parameter: <paramref name="weightDecay"/> on weights, 0 on biases (decoupled
    /// decay applies to weight matrices only).
    /// </summary>
    public float[] WeightDecayMask(float weightDecay)
    {
        var mask = new float[ParameterCount];
        for (var l = 0; l < LayerCount; l++) mask.AsSpan(_weightOffset[l], FanIn(l) * FanOut(l)).Fill(weightDecay);
        return mask;
    }
}
