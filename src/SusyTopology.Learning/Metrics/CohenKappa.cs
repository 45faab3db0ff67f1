namespace SusyTopology.Learning.Metrics;

/// <summary>
/// Cohen's κ = (p_o − p_e)/(1 − p_e): agreement between predicted and true classes beyond what the class
/// marginals give by chance. 0 when p_e = 1 (a single class everywhere), NaN before any update.
/// </summary>
public sealed class CohenKappa(MetricWindow? window = null, double threshold = 0.5) : AdditiveMetric<CohenKappa>(4, window)
{
    public double Threshold { get; } = threshold;
    public override string Name => "cohen_kappa";

    protected override void Contribute(int label, double probability, Span<double> contribution)
    {
        contribution.Clear();
        contribution[label * 2 + (probability >= Threshold ? 1 : 0)] = 1;
    }

    protected override double Compute(ReadOnlySpan<double> s)
    {
        double tn = s[0], fp = s[1], fn = s[2], tp = s[3];
        var n = tn + fp + fn + tp;
        if (n <= 0) return double.NaN;
        var observed = (tn + tp) / n;
        var expected = ((tn + fp) * (tn + fn) + (fn + tp) * (fp + tp)) / (n * n);
        return expected >= 1 ? 0 : (observed - expected) / (1 - expected);
    }
}
