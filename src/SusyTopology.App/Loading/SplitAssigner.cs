namespace SusyTopology.App.Loading;

/// <summary>
/// Assigns each row to TRAIN or TEST from a hash of (seed, row number): deterministic (the same file, seed and
/// fraction always give the same split, whatever order or partition the rows take) and independent of neighbouring
/// rows, like a seeded shuffle-and-split.
/// </summary>
public sealed class SplitAssigner(double testFraction, ulong seed)
{
    public double TestFraction { get; } = testFraction is >= 0 and <= 1
        ? testFraction
        : throw new ArgumentOutOfRangeException(nameof(testFraction), testFraction, "The test fraction is between 0 and 1.");

    public bool IsTest(long rowNumber)
    {
        var hash = Mix(Mix(seed) ^ (ulong)rowNumber);
        return (hash >> 11) * (1.0 / (1UL << 53)) < TestFraction; // top 53 bits → uniform [0, 1)
    }

    /// <summary>SplitMix64's finaliser: a bijective mix whose output bits all depend on every input bit.</summary>
    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
