using System.Numerics.Tensors;
using SusyTopology.Learning.Model;

namespace SusyTopology.Learning.Backends;

/// <summary>The project's own backend: <see cref="MultilayerPerceptron"/> trained by <see cref="AdamOptimizer"/>, all managed SIMD.</summary>
public sealed class SimdNetworkTrainer : INetworkTrainer
{
    private readonly MultilayerPerceptron _network;
    // The network predictions use: _network itself, or its weight average when averaging is on.
    private readonly MultilayerPerceptron _inference;
    private readonly AdamOptimizer _optimizer;

    public SimdNetworkTrainer(OnlineClassifierOptions options, ReadOnlySpan<float> initialParameters)
    {
        Layout = new NetworkLayout(options.LayerWidths());
        _network = new MultilayerPerceptron(options.LayerWidths(), options.Dropout);
        if (initialParameters.Length != _network.Parameters.Length)
            throw new ArgumentException($"{initialParameters.Length} initial parameters for a network of {_network.Parameters.Length}.", nameof(initialParameters));
        initialParameters.CopyTo(_network.Parameters);
        _optimizer = new AdamOptimizer(_network.Parameters.Length, options.LearningRate, options.Beta1, options.Beta2,
            options.Epsilon, options.WeightDecay, options.LearningRateDecay);
        _inference = _network;
        if (options.WeightAveragingDecay > 0f)
        {
            _inference = new MultilayerPerceptron(options.LayerWidths(), options.Dropout);
            _network.Parameters.CopyTo(_inference.Parameters, 0);
        }
    }

    public LearnerBackend Backend => LearnerBackend.Simd;
    public NetworkLayout Layout { get; }
    public long Steps => _optimizer.Steps;

    public double Step(ReadOnlySpan<float> standardized, ReadOnlySpan<int> labels, int rows, Xoshiro256StarStar dropoutRng)
    {
        var loss = _network.ForwardBackward(standardized, labels, rows, dropoutRng);
        _optimizer.BeginStep();
        for (var l = 0; l < _network.LayerCount; l++)
        {
            int w = _network.WeightOffset(l), b = _network.BiasOffset(l);
            _optimizer.Update(_network.WeightsTransposed(l), _network.Gradients.AsSpan(w, b - w), w, decay: true);
            _optimizer.Update(_network.Bias(l), _network.Gradients.AsSpan(b, _network.Widths[l + 1]), b, decay: false);
        }
        return loss;
    }

    public void Average(float decay)
    {
        if (ReferenceEquals(_inference, _network)) return;
        TensorPrimitives.Lerp(_inference.Parameters, _network.Parameters, 1f - decay, _inference.Parameters);
    }

    public void PredictLogits(ReadOnlySpan<float> standardized, int rows, Span<float> logits) =>
        _inference.PredictLogits(standardized, rows, logits);

    public void CopyPredictionParameters(Span<float> destination) => _inference.Parameters.CopyTo(destination);

    public NetworkState ExportState() => new(
        _optimizer.Steps,
        [.. _network.Parameters],
        ReferenceEquals(_inference, _network) ? null : [.. _inference.Parameters],
        [.. _optimizer.FirstMoment],
        [.. _optimizer.SecondMoment]);

    public void ImportState(NetworkState state)
    {
        NetworkStates.Check(state, Layout, averaged: !ReferenceEquals(_inference, _network));
        _optimizer.Steps = state.Steps;
        state.Parameters.CopyTo(_network.Parameters, 0);
        if (state.Averaged is not null) state.Averaged.CopyTo(_inference.Parameters, 0);
        state.FirstMoment.CopyTo(_optimizer.FirstMoment, 0);
        state.SecondMoment.CopyTo(_optimizer.SecondMoment, 0);
    }

    public void Dispose()
    {
    }
}
