using FsCheck;
using FsCheck.Fluent;
using SusyTopology.Learning.Metrics;

namespace SusyTopology.Learning.Tests;

public class MetricsTests
{
    /// <summary>Pairs with coarse probabilities (multiples of 0.1) so ties and threshold hits are common.</summary>
    private static Arbitrary<(int Label, double P)[]> Pairs() =>
        Gen.Choose(0, 1).Zip(Gen.Choose(0, 10), (l, p) => (l, p / 10.0)).ArrayOf().ToArbitrary();

    private static double PairwiseAuc(IReadOnlyList<(int Label, double P)> pairs)
    {
        double wins = 0, total = 0;
        foreach (var pos in pairs.Where(p => p.Label == 1))
            foreach (var neg in pairs.Where(p => p.Label == 0))
            {
                total++;
                wins += pos.P > neg.P ? 1 : pos.P == neg.P ? 0.5 : 0;
            }
        return total == 0 ? double.NaN : wins / total;
    }

    private static double NaiveAccuracy(IEnumerable<(int Label, double P)> pairs) =>
        pairs.Select(p => (p.P >= 0.5 ? 1 : 0) == p.Label ? 1.0 : 0.0).DefaultIfEmpty(double.NaN).Average();

    [Fact]
    public void RocAuc_equals_the_pairwise_definition_including_ties()
    {
        Prop.ForAll(Pairs(), pairs =>
        {
            var auc = new RocAuc();
            foreach (var (l, p) in pairs) auc.Update(l, p);
            var expected = PairwiseAuc(pairs);
            return double.IsNaN(expected) ? double.IsNaN(auc.Value) : Math.Abs(auc.Value - expected) < 1e-12;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Sliding_windows_equal_recomputing_over_the_last_n()
    {
        Prop.ForAll(Pairs(), Gen.Choose(1, 12).ToArbitrary(), (pairs, n) =>
        {
            var accuracy = new Accuracy(MetricWindow.Sliding(n));
            var auc = new RocAuc(MetricWindow.Sliding(n));
            var logLoss = new LogLoss(MetricWindow.Sliding(n));
            foreach (var (l, p) in pairs)
            {
                accuracy.Update(l, p);
                auc.Update(l, p);
                logLoss.Update(l, p);
            }
            var tail = pairs.TakeLast(n).ToArray();
            var reference = new LogLoss();
            foreach (var (l, p) in tail) reference.Update(l, p);
            var expectedAuc = PairwiseAuc(tail);
            return Same(accuracy.Value, NaiveAccuracy(tail))
                   && Same(logLoss.Value, reference.Value)
                   && Same(auc.Value, expectedAuc);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Merging_cumulative_partitions_equals_one_metric_over_everything()
    {
        Prop.ForAll(Pairs(), Pairs(), (left, right) =>
        {
            var (a, b, all) = (new CohenKappa(), new CohenKappa(), new CohenKappa());
            var (ra, rb, rall) = (new RocAuc(), new RocAuc(), new RocAuc());
            foreach (var (l, p) in left) { a.Update(l, p); ra.Update(l, p); all.Update(l, p); rall.Update(l, p); }
            foreach (var (l, p) in right) { b.Update(l, p); rb.Update(l, p); all.Update(l, p); rall.Update(l, p); }
            a.Merge(b);
            ra.Merge(rb);
            return Same(a.Value, all.Value) && Same(ra.Value, rall.Value);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Tumbling_window_reports_the_last_completed_block()
    {
        var accuracy = new Accuracy(MetricWindow.Tumbling(4));
        accuracy.Update(1, 0.9);
        Assert.Equal(1.0, accuracy.Value); // first block still open: its running value
        accuracy.Update(1, 0.1);
        accuracy.Update(0, 0.1);
        accuracy.Update(0, 0.9); // block 1 complete: 2 of 4
        Assert.Equal(0.5, accuracy.Value);
        accuracy.Update(1, 0.9); // block 2 open; value stays at block 1's
        Assert.Equal(0.5, accuracy.Value);
        var auc = new RocAuc(MetricWindow.Tumbling(2));
        auc.Update(1, 0.9);
        auc.Update(0, 0.1);
        auc.Update(1, 0.1);
        Assert.Equal(1.0, auc.Value);
        auc.Update(0, 0.9);
        Assert.Equal(0.0, auc.Value);
    }

    [Fact]
    public void Fading_weights_each_update_by_alpha_to_its_age()
    {
        const double alpha = 0.9;
        var accuracy = new Accuracy(MetricWindow.Fading(alpha));
        var outcomes = new[] { 1, 0, 0, 1, 1 }; // 1 = correct
        foreach (var correct in outcomes) accuracy.Update(1, correct == 1 ? 0.8 : 0.2);
        double num = 0, den = 0;
        for (var i = 0; i < outcomes.Length; i++)
        {
            var w = Math.Pow(alpha, outcomes.Length - 1 - i);
            num += w * outcomes[i];
            den += w;
        }
        Assert.Equal(num / den, accuracy.Value, 12);
        Assert.Throws<ArgumentException>(() => new RocAuc(MetricWindow.Fading(alpha)));
    }

    [Fact]
    public void Kappa_and_confusion_match_a_worked_example()
    {
        // 20 rows: TP 8, FN 2, FP 3, TN 7 → p_o = 0.75, p_e = (10·11 + 10·9)/400 = 0.5, κ = 0.5.
        var kappa = new CohenKappa();
        var confusion = new ConfusionMatrix();
        void Add(int label, double p, int times)
        {
            for (var i = 0; i < times; i++) { kappa.Update(label, p); confusion.Update(label, p); }
        }
        Add(1, 0.7, 8);
        Add(1, 0.2, 2);
        Add(0, 0.6, 3);
        Add(0, 0.3, 7);
        Assert.Equal(0.5, kappa.Value, 12);
        Assert.Equal((8.0, 2.0, 3.0, 7.0), (confusion.TruePositives, confusion.FalseNegatives, confusion.FalsePositives, confusion.TrueNegatives));
        Assert.Equal(0.75, confusion.Value, 12);
    }

    [Fact]
    public void LogLoss_is_finite_for_confident_misses_and_metrics_start_undefined()
    {
        var logLoss = new LogLoss();
        Assert.True(double.IsNaN(logLoss.Value));
        logLoss.Update(1, 0.0);
        Assert.Equal(-Math.Log(LogLoss.Clip), logLoss.Value, 9);
        Assert.True(double.IsNaN(new RocAuc().Value));
        Assert.Throws<ArgumentOutOfRangeException>(() => logLoss.Update(2, 0.5));
        Assert.Throws<ArgumentException>(() => new Accuracy(MetricWindow.Sliding(3)).Merge(new Accuracy()));
    }

    private static bool Same(double a, double b) => (double.IsNaN(a) && double.IsNaN(b)) || Math.Abs(a - b) < 1e-9;
}
