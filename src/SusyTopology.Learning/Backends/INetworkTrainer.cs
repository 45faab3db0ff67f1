using SusyTopology.Learning.Model;

namespace SusyTopology.Learning.Backends;

/// <summary>
/// The network and its optimiser as one backend sees them: the learner (<see cref="OnlineClassifier"/>) owns the
/// algorithm — standardisation, mini-batching, replay sampling, the averaging schedule, the RNG — and hands each
/// backend standardised mini-batches. Every backend keeps its parameters in the flat <see cref="NetworkLayout"/> so a
/// state or snapshot means the same numbers whichever backend wrote it.
/// </summary>
/// <remarks>Not thread-safe: one instance per learner.</remarks>
public interface INetworkTrainer : IDisposable
{
    /// <summary>The backend that created this trainer.</summary>
    LearnerBackend Backend { get; }

    NetworkLayout Layout { get; }

    /// <summary>Optimiser steps taken (t of Adam's bias correction and of the learning-rate schedule).</summary>
    long Steps { get; }

    /// <summary>
    /// One optimiser step on a standardised row-major mini-batch: forward with dropout masks drawn from
    /// <paramref name="dropoutRng"/> (layer by layer, as <see cref="Xoshiro256StarStar.FillMask"/> fills them),
    /// binary cross-entropy on the logit, backward, Adam. Returns the mean loss before the update.
    /// </summary>
    double Step(ReadOnlySpan<float> standardized, ReadOnlySpan<int> labels, int rows, Xoshiro256StarStar dropoutRng);

    /// <summary>Polyak averaging: <c>average ← decay·average + (1 − decay)·weights</c> (no-op without an average).</summary>
    void Average(float decay);

    /// <summary>Inference without dropout from the prediction weights (the average when there is one): one logit per row.</summary>
    void PredictLogits(ReadOnlySpan<float> standardized, int rows, Span<float> logits);

    /// <summary>Copies the prediction weights (the average when there is one) in <see cref="Layout"/> order.</summary>
    void CopyPredictionParameters(Span<float> destination);

    /// <summary>Everything the optimiser continues from, copied out bit for bit.</summary>
    NetworkState ExportState();

    /// <summary>Replaces parameters, average, moments and step count by <paramref name="state"/> (bit for bit).</summary>
    void ImportState(NetworkState state);
}
