using System.Globalization;
using Confluent.Kafka;
using Microsoft.Playwright;
using SusyTopology.App.Topology;
using SusyTopology.Dashboard.Metrics;
using SusyTopology.Events;

namespace SusyTopology.App.Tests.Dashboard;

/// <summary>
/// One short embedded run (<see cref="ObservedRunFixture"/>) seen through the metrics endpoint, scraped over HTTP, and
/// through the dashboard in a real browser: Debian's chromium driven by Playwright. The page's screenshot lands in
/// artifacts/screenshots/dashboard.png (the README's docs/dashboard.png is a copy of one).
/// </summary>
[Collection(EndToEnd.EmbeddedClusterCollection.Name)]
public class DashboardEndToEndTests(ObservedRunFixture run) : IClassFixture<ObservedRunFixture>
{
    private const string Chromium = "/usr/bin/chromium";
    private const float Timeout = 20_000;

    [Fact]
    public async Task The_scrape_holds_the_runs_events_predictions_dead_letters_learner_model_latency_and_lag()
    {
        Assert.False(run.Outcome.Failed, run.Outcome.Failure?.ToString());
        using var http = new HttpClient();
        var samples = PrometheusText.Parse(await http.GetStringAsync(run.Metrics.Url));
        double Sum(string name, string? label = null, string? value = null) =>
            samples.Where(s => s.Name == name && (label == null || s.Label(label) == value)).Sum(s => s.Value);

        var c = run.Counters;
        Assert.Equal(run.Loaded.Train, Sum("susy_events_total", "split", "TRAIN"));
        Assert.Equal(run.Loaded.Test, Sum("susy_events_total", "split", "TEST"));
        Assert.Equal(run.Loaded.Test, Sum("susy_predictions_total"));
        Assert.Equal(1, Sum("susy_dead_letters_total", "reason", TopologyCounters.DeadLetterReason.Undecodable));
        Assert.Equal(run.Loaded.Train, Sum("susy_trained_total"));
        Assert.True(c.OptimizerSteps > 0);
        Assert.Equal(c.OptimizerSteps, Sum("susy_learner_optimizer_steps_total"));
        Assert.True(c.LastModelVersion > 0);
        Assert.Equal(c.LastModelVersion, Sum("susy_model_version"));
        Assert.Equal(run.Loaded.Test, Sum("susy_prediction_latency_milliseconds_count"));
        // Every TEST event was scored in one ONNX Runtime run, alone or in a batch of held events.
        var scoringRuns = Sum("susy_scoring_duration_milliseconds_count");
        Assert.InRange(scoringRuns, 1, run.Loaded.Test);
        Assert.True(Sum("susy_scoring_duration_milliseconds_sum") > 0);
        var lag = samples.Where(s => s.Name == AppMetricNames.ConsumerLag && s.Label("topic") == run.Options.EventsTopic).ToList();
        Assert.NotEmpty(lag);
        Assert.All(lag, s => Assert.Equal(0, s.Value)); // drained
    }

    [SkippableFact]
    public async Task The_page_shows_the_model_and_accuracy_and_takes_in_new_predictions_without_a_reload()
    {
        Skip.IfNot(File.Exists(Chromium), $"{Chromium} is not installed (`make deps` installs Debian's chromium)");
        Assert.False(run.Outcome.Failed, run.Outcome.Failure?.ToString());
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = Chromium, Headless = true });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        await page.GotoAsync(run.Dashboard.Url.ToString());

        await Assertions.Expect(page.Locator("#model-version")).ToHaveTextAsync(Text(run.Counters.LastModelVersion), new() { Timeout = Timeout });
        await Assertions.Expect(page.Locator("#prediction-count")).ToHaveTextAsync(Text(run.Counters.Predictions), new() { Timeout = Timeout });
        await page.WaitForFunctionAsync("() => Number(document.getElementById('accuracy-chart').dataset.points) > 0", null, new() { Timeout = Timeout });
        Assert.Equal(1, await page.Locator("#accuracy-chart canvas").CountAsync());
        await Assertions.Expect(page.Locator("#prequential-section")).ToBeVisibleAsync(new() { Timeout = Timeout });
        await page.WaitForFunctionAsync("() => Number(document.getElementById('prequential-chart').dataset.points) > 0", null, new() { Timeout = Timeout });
        await Assertions.Expect(page.Locator("#dead-letter-count")).ToHaveTextAsync("1", new() { Timeout = Timeout });
        await page.WaitForFunctionAsync("() => document.querySelectorAll('#lag-table tbody tr').length > 0", null, new() { Timeout = Timeout });
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(RepoPaths.Root, "artifacts", "screenshots", "dashboard.png"), FullPage = true });

        // What the scorer would write next: a newer model's predictions, in a window after every one so far.
        var before = run.Dashboard.State.Snapshot();
        await page.EvaluateAsync("() => { window.sameDocument = true; }");
        var next = before.ModelVersion!.Value + 1;
        ProducePredictions(count: 40, next, before.AccuracyByWindow[^1].Key + 60_000);

        await Assertions.Expect(page.Locator("#model-version")).ToHaveTextAsync(Text(next), new() { Timeout = Timeout });
        await Assertions.Expect(page.Locator("#prediction-count")).ToHaveTextAsync(Text(before.Predictions + 40), new() { Timeout = Timeout });
        await page.WaitForFunctionAsync($"() => Number(document.getElementById('accuracy-chart').dataset.points) === {before.AccuracyByWindow.Count + 1}",
            null, new() { Timeout = Timeout });
        Assert.True(await page.EvaluateAsync<bool>("() => window.sameDocument === true"), "the page reloaded");
    }

    private void ProducePredictions(int count, long modelVersion, long timestampMs)
    {
        var serdes = new SusySerdes(run.Registry);
        var topic = run.Options.PredictionsTopic;
        using var producer = new ProducerBuilder<byte[], byte[]>(run.Stack.Kafka.Producer("dashboard-new-predictions")).Build();
        for (var i = 0; i < count; i++)
        {
            var label = i % 4 < 2 ? 1 : 0;
            var probability = i % 2 == 0 ? 0.9 : 0.1;
            var prediction = new Prediction
            {
                EventId = 1_000_000 + i,
                Probability = probability,
                PredictedLabel = probability >= 0.5 ? 1 : 0,
                Label = label,
                ModelVersion = modelVersion,
                ScoredAt = DateTimeOffset.FromUnixTimeMilliseconds(timestampMs),
            };
            producer.Produce(topic, new Message<byte[], byte[]>
            {
                Key = serdes.EventId.Serialize(prediction.EventId, new SerializationContext(MessageComponentType.Key, topic)),
                Value = serdes.Prediction.Serialize(prediction, new SerializationContext(MessageComponentType.Value, topic)),
                Timestamp = new Timestamp(timestampMs, TimestampType.CreateTime),
            }, null);
        }
        producer.Flush(TimeSpan.FromSeconds(10));
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
