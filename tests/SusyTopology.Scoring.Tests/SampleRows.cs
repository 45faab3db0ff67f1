using SusyTopology.Learning.Data;

namespace SusyTopology.Scoring.Tests;

/// <summary>The bundled real SUSY sample (8,998 rows), loaded once.</summary>
internal static class SampleRows
{
    private static readonly Lazy<SusyDataset> Data = new(() => SusyCsv.Load(RepoFiles.SampleCsv));

    public static SusyDataset All => Data.Value;

    /// <summary>The first <paramref name="rows"/> rows' features, back to back.</summary>
    public static float[] Features(int rows) => All.Features.AsSpan(0, rows * SusyFeatures.Count).ToArray();
}
