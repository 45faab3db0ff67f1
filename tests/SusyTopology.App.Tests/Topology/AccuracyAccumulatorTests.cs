using SusyTopology.App.Loading;
using SusyTopology.App.Topology;
using SusyTopology.Learning.Metrics;

namespace SusyTopology.App.Tests.Topology;

public class AccuracyAccumulatorTests
{
    [Fact]
    public void The_binned_auc_is_within_a_thousandth_of_the_exact_one_and_merging_equals_one_pass()
    {
        var rng = new Random(11);
        var whole = new AccuracyAccumulator();
        var (left, right) = (new AccuracyAccumulator(), new AccuracyAccumulator());
        var exact = new RocAuc();
        for (var i = 0; i < 5_000; i++)
        {
            var label = rng.Next(2);
            var p = Math.Clamp(0.5 + (label - 0.5) * 0.4 + (rng.NextDouble() - 0.5) * 0.9, 0, 1);
            var predicted = p >= 0.5 ? 1 : 0;
            whole.Add(label, p, predicted, i);
            (i % 2 == 0 ? left : right).Add(label, p, predicted, i);
            exact.Update(label, p);
        }
        Assert.InRange(whole.Auc!.Value, exact.Value - 1e-3, exact.Value + 1e-3);
        left.Merge(right);
        Assert.Equal((whole.Count, whole.Correct, whole.Positives, whole.FirstEventTime, whole.LastEventTime),
            (left.Count, left.Correct, left.Positives, left.FirstEventTime, left.LastEventTime));
        Assert.Equal(whole.Auc, left.Auc); // same histograms
        Assert.Equal(whole.LogLoss, left.LogLoss, 12); // sums in another order
    }

    [Fact]
    public void State_round_trips_through_bytes_and_an_empty_window_has_no_auc()
    {
        var acc = new AccuracyAccumulator().Add(1, 0.8, 1, 5).Add(0, 0.3, 0, 9).Add(1, 0.2, 0, 7);
        var copy = AccuracyAccumulator.FromBytes(acc.ToBytes());
        Assert.Equal((3L, 2L, 2L, 5L, 9L), (copy.Count, copy.Correct, copy.Positives, copy.FirstEventTime, copy.LastEventTime));
        Assert.Equal(acc.LogLoss, copy.LogLoss);
        Assert.Equal(acc.Auc, copy.Auc);
        Assert.Null(new AccuracyAccumulator().Add(1, 0.9, 1, 0).Auc); // one class only
        Assert.Throws<InvalidDataException>(() => AccuracyAccumulator.FromBytes([9, 0, 0]));
    }

    [Fact]
    public void The_split_is_deterministic_per_row_and_close_to_the_requested_fraction()
    {
        var a = new SplitAssigner(0.4, 123);
        var b = new SplitAssigner(0.4, 123);
        var other = new SplitAssigner(0.4, 124);
        var rows = Enumerable.Range(1, 100_000).Select(i => (long)i).ToList();
        Assert.Equal(rows.Select(a.IsTest), rows.Select(b.IsTest));
        Assert.InRange(rows.Count(a.IsTest) / 100_000.0, 0.395, 0.405);
        Assert.NotEqual(rows.Take(200).Select(a.IsTest), rows.Take(200).Select(other.IsTest));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SplitAssigner(1.5, 1));
    }
}
