namespace SusyTopology.Learning.Metrics;

/// <summary>
/// Binary confusion counts at a decision threshold (default 0.5: predict 1 when P ≥ 0.5). Counts are doubles
/// because fading windows weight them. <see cref="Value"/> is the accuracy they imply.
/// </summary>
public sealed class ConfusionMatrix(MetricWindow? window = null, double threshold = 0.5) : AdditiveMetric<ConfusionMatrix>(4, window)
{
    private const int TrueNegative = 0, FalsePositive = 1, FalseNegative = 2, TruePositive = 3;

    public double Threshold { get; } = threshold;
    public override string Name => "confusion";

    public double TrueNegatives => Sums[TrueNegative];
    public double FalsePositives => Sums[FalsePositive];
    public double FalseNegatives => Sums[FalseNegative];
    public double TruePositives => Sums[TruePositive];
    public double Total => TrueNegatives + FalsePositives + FalseNegatives + TruePositives;

    protected override void Contribute(int label, double probability, Span<double> contribution)
    {
        contribution.Clear();
        var predicted = probability >= Threshold ? 1 : 0;
        contribution[label * 2 + predicted] = 1;
    }

    protected override double Compute(ReadOnlySpan<double> s)
    {
        var total = s[0] + s[1] + s[2] + s[3];
        return total > 0 ? (s[TrueNegative] + s[TruePositive]) / total : double.NaN;
    }

    public override string ToString() =>
        $"{Name} [{Window}] TN={TrueNegatives:G6} FP={FalsePositives:G6} FN={FalseNegatives:G6} TP={TruePositives:G6}";
}
