using Microsoft.ML.OnnxRuntime;

namespace SusyTopology.Scoring;

/// <summary>
/// Scores rows of raw features with one <see cref="ScoringModel"/> on the calling thread. Input and output live in
/// pinned buffers wrapped once in <see cref="OrtValue"/>s (one pair per batch size, made on first use) and bound to
/// the session (IOBinding), so a batch costs a copy in, one native run, and a read-out — no per-call tensors.
/// </summary>
/// <remarks>Not thread-safe: one per scorer task. Disposing it lets go of its model version.</remarks>
public sealed class BatchScorer : IDisposable
{
    private readonly ScoringModel _model;
    private readonly InferenceSession _session;
    private readonly ModelContract _contract;
    private readonly OrtIoBinding _binding;
    private readonly RunOptions _runOptions = new();
    private readonly float[] _input;
    private readonly float[] _output;
    private readonly (OrtValue Input, OrtValue Output)?[] _values;
    private int _boundRows;
    private bool _disposed;

    internal BatchScorer(ScoringModel model, InferenceSession session, int maxBatch)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        (_model, _session, _contract) = (model, session, model.Contract);
        MaxBatch = _contract.SingleRow ? 1 : maxBatch;
        _input = GC.AllocateArray<float>(MaxBatch * _contract.FeatureCount, pinned: true);
        _output = GC.AllocateArray<float>(MaxBatch * _contract.OutputColumns, pinned: true);
        _values = new (OrtValue, OrtValue)?[MaxBatch + 1];
        _binding = session.CreateIoBinding();
    }

    /// <summary>Rows per native run: the requested batch, or 1 for a model whose input batch is fixed at one row.</summary>
    public int MaxBatch { get; }

    public ScoringModel Model => _model;

    /// <summary>P(signal) for each row: <paramref name="features"/> holds <c>probabilities.Length</c> rows back to back.</summary>
    public void Score(ReadOnlySpan<float> features, Span<float> probabilities)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var width = _contract.FeatureCount;
        var rows = probabilities.Length;
        if (features.Length != rows * width)
            throw new ArgumentException($"{features.Length} features are not {rows} rows of {width}.", nameof(features));
        for (var start = 0; start < rows; start += MaxBatch)
        {
            var count = Math.Min(MaxBatch, rows - start);
            features.Slice(start * width, count * width).CopyTo(_input);
            Run(count);
            for (var i = 0; i < count; i++) probabilities[start + i] = _contract.Probability(_output, i);
        }
    }

    /// <summary>P(signal) of one row.</summary>
    public float ScoreOne(ReadOnlySpan<float> features)
    {
        Span<float> probability = stackalloc float[1];
        Score(features, probability);
        return probability[0];
    }

    private void Run(int rows)
    {
        if (rows != _boundRows)
        {
            var (input, output) = _values[rows] ??= Wrap(rows);
            _binding.BindInput(_contract.InputName, input);
            _binding.BindOutput(_contract.OutputName, output);
            _boundRows = rows;
        }
        _session.RunWithBinding(_runOptions, _binding);
    }

    private (OrtValue, OrtValue) Wrap(int rows)
    {
        var memory = OrtMemoryInfo.DefaultInstance;
        var input = OrtValue.CreateTensorValueFromMemory(memory, _input.AsMemory(0, rows * _contract.FeatureCount), [rows, _contract.FeatureCount]);
        long[] outputShape = _contract.OutputRank == 1 ? [rows] : [rows, _contract.OutputColumns];
        var output = OrtValue.CreateTensorValueFromMemory(memory, _output.AsMemory(0, rows * _contract.OutputColumns), outputShape);
        return (input, output);
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _binding.Dispose();
        _runOptions.Dispose();
        foreach (var pair in _values)
        {
            pair?.Input.Dispose();
            pair?.Output.Dispose();
        }
        _model.Release();
    }
}
