namespace SusyTopology.Learning.Metrics;

/// <summary>Fraction of predictions on the right side of the threshold (default 0.5).</summary>
public sealed class Accuracy(MetricWindow? window = null, double threshold = 0.5) : AdditiveMetric<Accuracy>(2, window)
{
    public double Threshold { get; } = threshold;
    public override string Name => "accuracy";

    protected override void Contribute(int label, double probability, Span<double> contribution)
    {
        contribution[0] = (probability >= Threshold ? 1 : 0) == label ? 1 : 0;
        contribution[1] = 1;
    }

    protected override double Compute(ReadOnlySpan<double> sums) => sums[1] > 0 ? sums[0] / sums[1] : double.NaN;
}
