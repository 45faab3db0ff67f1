using Streamiz.Kafka.Net;
using Streamiz.Kafka.Net.Mock;
using SusyTopology.App.Topology;
using SusyTopology.Events;
using SusyTopology.State;

namespace SusyTopology.App.Tests.Topology;

/// <summary>The accuracy processor against hand-computed reports: windows, grace, late records, per-version totals.</summary>
public class AccuracyAggregationTests : IDisposable
{
    private readonly SusySerdes _serdes;
    private readonly TopologyTestDriver _driver;
    private readonly TestInputTopic<string, Prediction> _input;
    private readonly TestOutputTopic<string, AccuracyReport> _output;

    public AccuracyAggregationTests()
    {
        _serdes = new SusySerdes(TestRegistry.NewClient());
        var options = new SusyTopologyOptions
        {
            AccuracyWindow = TimeSpan.FromSeconds(10),
            AccuracyGrace = TimeSpan.FromSeconds(5),
            AccuracyReportInterval = TimeSpan.FromSeconds(1),
        };
        var builder = new StreamBuilder();
        builder.Stream("predictions", _serdes.Text, _serdes.Prediction)
            .Transform(ProcessorFactory.Transformer(() => new AccuracyProcessor(options, new TopologyCounters()),
                new JournalStoreBuilder(AccuracyProcessor.StoreName, options.CheckpointEveryRecords)), "accuracy")
            .To("accuracy", _serdes.Text, _serdes.Accuracy);
        _driver = new TopologyTestDriver(builder.Build(), new StreamConfig { ApplicationId = "accuracy-test", BootstrapServers = "mock://accuracy" });
        _input = _driver.CreateInputTopic("predictions", _serdes.Text, _serdes.Prediction);
        _output = _driver.CreateOutputTopic("accuracy", TimeSpan.FromMilliseconds(5), _serdes.Text, _serdes.Accuracy);
    }

    /// <summary>The reports emitted since the last call, as key and value.</summary>
    private List<KeyValuePair<string, AccuracyReport>> Read() => _output.ReadKeyValueList().Select(r => KeyValuePair.Create(r.Message.Key, r.Message.Value)).ToList();

    private void Pipe(long timestampMs, int label, double probability, long version = 1) =>
        _input.PipeInput("all", new Prediction
        {
            EventId = timestampMs,
            Probability = probability,
            PredictedLabel = probability >= 0.5 ? 1 : 0,
            Label = label,
            ModelVersion = version,
            ScoredAt = DateTimeOffset.FromUnixTimeMilliseconds(timestampMs),
        }, DateTimeOffset.FromUnixTimeMilliseconds(timestampMs).UtcDateTime);

    [Fact]
    public void A_tumbling_window_reports_hand_computed_accuracy_log_loss_and_auc()
    {
        Pipe(1_000, 1, 0.9);  // correct
        Pipe(2_000, 0, 0.8);  // wrong
        Pipe(3_000, 0, 0.3);  // correct
        _driver.AdvanceWallClockTime(TimeSpan.FromSeconds(1));

        var reports = Read().ToDictionary(kv => kv.Key, kv => kv.Value);
        var window = reports["window"];
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(0), window.WindowStart);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(10_000), window.WindowEnd);
        Assert.Null(window.ModelVersion);
        Assert.Equal(3, window.Count);
        Assert.Equal(2, window.Correct);
        Assert.Equal(1, window.Positives);
        Assert.Equal(2.0 / 3, window.Accuracy, 12);
        Assert.Equal(-(Math.Log(0.9) + Math.Log(0.2) + Math.Log(0.7)) / 3, window.LogLoss, 12);
        Assert.Equal(1.0, window.Auc); // the one positive outscores both negatives
        var total = reports["model-1"];
        Assert.Equal(1L, total.ModelVersion);
        Assert.Equal(3, total.Count);
    }

    [Fact]
    public void A_window_closes_after_its_grace_and_later_records_only_count_in_the_version_total()
    {
        Pipe(1_000, 1, 0.9);
        Pipe(12_000, 1, 0.4);          // next window; wrong
        Pipe(9_000, 0, 0.1);           // out of order but within grace (stream time 12 s < 10 s + 5 s)
        Pipe(16_000, 0, 0.2);          // stream time 16 s: window [0, 10 s) closes and is emitted a last time
        var closing = Read().Where(kv => kv.Key == "window").Select(kv => kv.Value).ToList();
        var first = Assert.Single(closing);
        Assert.Equal(2, first.Count);
        Assert.Equal(2, first.Correct);

        Pipe(4_000, 1, 0.7);           // late for the closed window
        _driver.AdvanceWallClockTime(TimeSpan.FromSeconds(1));
        var reports = Read();
        Assert.DoesNotContain(reports, kv => kv.Key == "window" && kv.Value.WindowStart.ToUnixTimeMilliseconds() == 0);
        var second = reports.Last(kv => kv.Key == "window").Value;
        Assert.Equal(10_000, second.WindowStart.ToUnixTimeMilliseconds());
        Assert.Equal(2, second.Count);
        Assert.Equal(5, reports.Last(kv => kv.Key == "model-1").Value.Count); // the late record still counts here
    }

    [Fact]
    public void Totals_are_kept_per_model_version()
    {
        Pipe(1_000, 1, 0.9, version: 1);
        Pipe(1_500, 0, 0.6, version: 2);
        Pipe(1_800, 1, 0.7, version: 2);
        _driver.AdvanceWallClockTime(TimeSpan.FromSeconds(1));
        var reports = Read().ToDictionary(kv => kv.Key, kv => kv.Value);
        Assert.Equal(1, reports["model-1"].Count);
        Assert.Equal(2, reports["model-2"].Count);
        Assert.Equal(0.5, reports["model-2"].Accuracy);
        Assert.Equal(3, reports["window"].Count);
    }

    [Fact]
    public void Nothing_is_re_emitted_while_nothing_changes()
    {
        Pipe(1_000, 1, 0.9);
        _driver.AdvanceWallClockTime(TimeSpan.FromSeconds(1));
        Assert.Equal(2, Read().Count);
        _driver.AdvanceWallClockTime(TimeSpan.FromSeconds(5));
        Assert.Empty(Read());
    }

    public void Dispose()
    {
        _driver.Dispose();
        _serdes.Registry.Dispose();
    }
}
