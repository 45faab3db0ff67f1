namespace SusyTopology.Learning.Data;

/// <summary>A block of labelled SUSY events held row-major: <c>Features[r * 18 + j]</c>.</summary>
public sealed class SusyDataset
{
    public SusyDataset(float[] features, int[] labels)
    {
        if (features.Length != labels.Length * SusyFeatures.Count)
            throw new ArgumentException($"{labels.Length} labels need {labels.Length * SusyFeatures.Count} feature values, got {features.Length}.");
        Features = features;
        Labels = labels;
    }

    public float[] Features { get; }
    public int[] Labels { get; }
    public int Count => Labels.Length;

    public ReadOnlySpan<float> Row(int index) => Features.AsSpan(index * SusyFeatures.Count, SusyFeatures.Count);

    /// <summary>Rows [start, start + count) as a new dataset (copied).</summary>
    public SusyDataset Slice(int start, int count) =>
        new(Features.AsSpan(start * SusyFeatures.Count, count * SusyFeatures.Count).ToArray(), Labels.AsSpan(start, count).ToArray());

    /// <summary>
    /// The first <c>(1 − testFraction)</c> of the rows for training and the rest for testing, in file order —
    /// the UCI files are already shuffled, and a stream replays them in this order.
    /// </summary>
    public (SusyDataset Train, SusyDataset Test) Split(double testFraction)
    {
        if (testFraction is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(testFraction), testFraction, "Must be in (0, 1).");
        var train = (int)Math.Round(Count * (1 - testFraction));
        return (Slice(0, train), Slice(train, Count - train));
    }

    /// <summary>Fraction of rows with label 1.</summary>
    public double PositiveFraction => Count == 0 ? 0 : Labels.Count(l => l == 1) / (double)Count;
}
