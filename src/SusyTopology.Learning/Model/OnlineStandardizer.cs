using System.Runtime.CompilerServices;

namespace SusyTopology.Learning.Model;

/// <summary>
/// Per-feature running mean and variance (Welford's algorithm, in double precision so millions of updates do
/// not drift) and the z-score transform derived from them. The model learns it alongside its weights; a
/// snapshot freezes the current float mean/scale into the exported graph as <c>Sub</c>/<c>Div</c>.
/// </summary>
public sealed class OnlineStandardizer
{
    /// <summary>Below this standard deviation a feature is treated as constant and only centred (scale 1), never divided by ~0.</summary>
    public const double MinimumStandardDeviation = 1e-6;

    private readonly double[] _mean;
    private readonly double[] _m2;
    private readonly float[] _frozenMean;
    private readonly float[] _frozenScale;

    public OnlineStandardizer(int features)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(features);
        _mean = new double[features];
        _m2 = new double[features];
        _frozenMean = new float[features];
        _frozenScale = new float[features];
        _frozenScale.AsSpan().Fill(1f);
    }

    public int Features => _mean.Length;

    /// <summary>Number of rows seen.</summary>
    public long Count { get; private set; }

    /// <summary>The float mean subtracted by <see cref="Transform"/> (what the ONNX graph's <c>Sub</c> holds).</summary>
    public ReadOnlySpan<float> Mean => _frozenMean;

    /// <summary>The float standard deviation divided by in <see cref="Transform"/> (the ONNX graph's <c>Div</c>).</summary>
    public ReadOnlySpan<float> Scale => _frozenScale;

    /// <summary>Population variance of feature <paramref name="feature"/> (0 before two rows).</summary>
    public double Variance(int feature) => Count > 0 ? _m2[feature] / Count : 0.0;

    /// <summary>Adds <paramref name="rows"/> rows of a row-major batch to the running statistics.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Update(ReadOnlySpan<float> batch, int rows)
    {
        var f = Features;
        if (batch.Length < rows * f) throw new ArgumentException($"Batch needs {rows}×{f} values, has {batch.Length}.", nameof(batch));
        for (var r = 0; r < rows; r++)
        {
            Count++;
            var inverseCount = 1.0 / Count; // one division per row instead of one per feature
            var row = batch.Slice(r * f, f);
            for (var j = 0; j < f; j++)
            {
                double x = row[j];
                var delta = x - _mean[j];
                _mean[j] += delta * inverseCount;
                _m2[j] += delta * (x - _mean[j]);
            }
        }
        Freeze();
    }

    /// <summary>Writes <c>(x − mean) / scale</c> for <paramref name="rows"/> rows.</summary>
    public void Transform(ReadOnlySpan<float> batch, Span<float> destination, int rows)
    {
        var f = Features;
        for (var r = 0; r < rows; r++)
        {
            var src = batch.Slice(r * f, f);
            var dst = destination.Slice(r * f, f);
            System.Numerics.Tensors.TensorPrimitives.Subtract(src, _frozenMean, dst);
            System.Numerics.Tensors.TensorPrimitives.Divide(dst, _frozenScale, dst);
        }
    }

    private void Freeze()
    {
        for (var j = 0; j < Features; j++)
        {
            _frozenMean[j] = (float)_mean[j];
            var sd = Math.Sqrt(Variance(j));
            _frozenScale[j] = sd < MinimumStandardDeviation ? 1f : (float)sd;
        }
    }

    internal void Write(BinaryWriter writer)
    {
        writer.Write(Features);
        writer.Write(Count);
        foreach (var v in _mean) writer.Write(v);
        foreach (var v in _m2) writer.Write(v);
    }

    internal static OnlineStandardizer Read(BinaryReader reader)
    {
        var features = reader.ReadInt32();
        var s = new OnlineStandardizer(features) { Count = reader.ReadInt64() };
        for (var j = 0; j < features; j++) s._mean[j] = reader.ReadDouble();
        for (var j = 0; j < features; j++) s._m2[j] = reader.ReadDouble();
        s.Freeze();
        return s;
    }
}
