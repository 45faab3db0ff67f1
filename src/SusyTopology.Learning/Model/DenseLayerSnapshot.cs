namespace SusyTopology.Learning.Model;

/// <summary>One dense layer: <c>y = x·Wᵀ + b</c> with <c>W[OutputSize, InputSize]</c>.</summary>
public sealed record DenseLayerSnapshot(int InputSize, int OutputSize, float[] Weights, float[] Bias);
