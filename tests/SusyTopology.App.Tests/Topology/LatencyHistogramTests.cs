using SusyTopology.App.Topology;

namespace SusyTopology.App.Tests.Topology;

public class LatencyHistogramTests
{
    [Fact]
    public void Percentiles_are_within_one_percent_of_the_exact_ones()
    {
        var rng = new Random(3);
        var samples = Enumerable.Range(0, 20_000).Select(_ => Math.Exp(rng.NextDouble() * 12 - 4)).ToArray(); // 0.02 ms .. 3 s
        var histogram = new LatencyHistogram();
        foreach (var s in samples) histogram.Record(s);
        var sorted = samples.Order().ToArray();
        foreach (var p in new[] { 50.0, 90, 99, 99.9 })
        {
            var exact = sorted[(int)Math.Ceiling(p / 100 * sorted.Length) - 1];
            Assert.InRange(histogram.Percentile(p), exact, exact * 1.0101);
        }
        Assert.Equal(20_000, histogram.Count);
    }

    [Fact]
    public void An_empty_histogram_has_no_percentile_and_extremes_are_clamped()
    {
        var histogram = new LatencyHistogram();
        Assert.True(double.IsNaN(histogram.Percentile(50)));
        histogram.Record(0);
        histogram.Record(1e9);
        Assert.Equal(0.01, histogram.Percentile(50));
        Assert.True(histogram.Percentile(100) >= 1e6 * 0.99);
    }
}
