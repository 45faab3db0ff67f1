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

    /// <summary>
    /// Fold <paramref name="fold"/> of <paramref name="folds"/> for cross-validation: its contiguous block of rows for
    /// testing, every other row (in file order) for training.
    /// </summary>
    public (SusyDataset Train, SusyDataset Test) Fold(int fold, int folds)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 2);
        ArgumentOutOfRangeException.ThrowIfNegative(fold);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(fold, folds);
        int start = (int)((long)Count * fold / folds), end = (int)((long)Count * (fold + 1) / folds);
        var f = SusyFeatures.Count;
        var trainFeatures = new float[(Count - (end - start)) * f];
        Features.AsSpan(0, start * f).CopyTo(trainFeatures);
        Features.AsSpan(end * f).CopyTo(trainFeatures.AsSpan(start * f));
        int[] trainLabels = [.. Labels.AsSpan(0, start), .. Labels.AsSpan(end)];
        return (new SusyDataset(trainFeatures, trainLabels), Slice(start, end - start));
    }

    /// <summary>Fraction of rows with label 1.</summary>
    public double PositiveFraction => Count == 0 ? 0 : Labels.Count(l => l == 1) / (double)Count;
}
