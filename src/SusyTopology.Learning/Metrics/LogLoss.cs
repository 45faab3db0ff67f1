namespace SusyTopology.Learning.Metrics;

/// <summary>Mean binary cross-entropy of the probabilities, clipped to [1e-15, 1 − 1e-15] as scikit-learn does so one confident miss is finite.</summary>
public sealed class LogLoss(MetricWindow? window = null) : AdditiveMetric<LogLoss>(2, window)
{
    public const double Clip = 1e-15;
    public override string Name => "log_loss";

    protected override void Contribute(int label, double probability, Span<double> contribution)
    {
        var p = Math.Clamp(probability, Clip, 1 - Clip);
        contribution[0] = -(label == 1 ? Math.Log(p) : Math.Log(1 - p));
        contribution[1] = 1;
    }

    protected override double Compute(ReadOnlySpan<double> sums) => sums[1] > 0 ? sums[0] / sums[1] : double.NaN;
}
