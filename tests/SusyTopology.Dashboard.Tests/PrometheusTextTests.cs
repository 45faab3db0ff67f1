using SusyTopology.Dashboard.Metrics;

namespace SusyTopology.Dashboard.Tests;

public class PrometheusTextTests
{
    [Fact]
    public void Parses_names_labels_with_escapes_special_values_and_skips_comments()
    {
        const string text = """
            # HELP susy_events_total Events read.
            # TYPE susy_events_total counter
            susy_events_total{split="TRAIN"} 5400
            susy_events_total{split="TEST"} 3598 1700000000000
            susy_consumer_lag{topic="susy-events",partition="3"} 12
            odd{a="x\"y\\z\nw", b = "2" } NaN
            up +Inf
            """;
        var samples = PrometheusText.Parse(text);
        Assert.Equal(5, samples.Count);
        Assert.Equal(("susy_events_total", "TRAIN", 5400.0), (samples[0].Name, samples[0].Label("split"), samples[0].Value));
        Assert.Equal(3598, samples[1].Value);
        Assert.Equal("3", samples[2].Label("partition"));
        Assert.Equal("x\"y\\z\nw", samples[3].Label("a"));
        Assert.Equal("2", samples[3].Label("b"));
        Assert.True(double.IsNaN(samples[3].Value));
        Assert.Equal(double.PositiveInfinity, samples[4].Value);
        Assert.Empty(samples[4].Labels);
    }

    [Theory]
    [InlineData("m{a=\"1\" 2")]
    [InlineData("m{a=1} 2")]
    [InlineData("m twelve")]
    [InlineData("m")]
    public void Malformed_lines_are_errors_that_name_the_line(string line)
    {
        var e = Assert.Throws<FormatException>(() => PrometheusText.Parse("# ok\n" + line));
        Assert.Contains("line 2", e.Message);
    }
}
