using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Spectre.Console;
using SusyTopology.App.Cli;
using SusyTopology.App.Configuration;
using SusyTopology.App.Dashboard;
using SusyTopology.App.Evaluation;
using SusyTopology.App.Running;
using SusyTopology.App.Topology;
using SusyTopology.Dashboard;
using SusyTopology.Learning.Torch;
using SusyTopology.Scoring;

namespace SusyTopology.App.Commands;

/// <summary>`susy run`: the topology as a service; with --until-idle, until the input is drained, then a summary.</summary>
internal sealed class RunCommand : ICliCommand
{
    public Command Build()
    {
        var untilIdle = new Option<double?>("--until-idle") { Description = "Stop after this many seconds without new input and with the group's input committed to its end, then print the summary." };
        var summaryJson = new Option<string?>("--summary-json") { Description = "Also write the summary as JSON to this file." };
        var prequential = new Option<bool>("--prequential") { Description = "Score training events before learning them (test-then-train) to susy-prequential." };
        var guarantee = new Option<string?>("--guarantee") { Description = "exactly_once_v2 (default) or at_least_once (default on the embedded cluster)." };
        var noEvaluate = new Option<bool>("--no-evaluate") { Description = "Skip re-scoring all TEST events with the final model." };
        var metricsPort = new Option<int?>("--metrics-port") { Description = "Serve Prometheus metrics at http://127.0.0.1:PORT/metrics (default 9464; 0 picks a free port)." };
        var noMetrics = new Option<bool>("--no-metrics") { Description = "Do not serve the Prometheus metrics endpoint." };
        var dashboard = new Option<bool>("--dashboard") { Description = "Also serve the live dashboard (see `susy dashboard`) while the topology runs." };
        var dashboardPort = new Option<int?>("--dashboard-port") { Description = "Port of the dashboard on 127.0.0.1 (default 8050; 0 picks a free one)." };
        var backend = new Option<string?>("--backend") { Description = "Learner backend: torchsharp (default) or simd (Learning:Backend)." };
        backend.AcceptOnlyFromAmong([.. LearningOptions.BackendNames]);
        var model = new Option<string?>("--model")
        {
            Description = "Score with this ONNX model (any binary classifier of [N,18] float raw features) instead of the learner's; " +
                "pinned: models published to susy-models do not replace it. The learner still learns and publishes.",
        };
        var logits = new Option<bool>("--logits") { Description = "The --model's output is a logit (or two class logits), not a probability." };
        var command = new Command("run", "Run the SUSY topology (learn online, score, aggregate accuracy) until Ctrl-C or until the input is drained.")
        {
            untilIdle, summaryJson, prequential, guarantee, noEvaluate, metricsPort, noMetrics, dashboard, dashboardPort, backend, model, logits,
        };
        command.SetAction(async (result, ct) =>
        {
            var overrides = new List<string>();
            if (result.GetValue(prequential)) overrides.Add("--Topology:Prequential=true");
            if (result.GetValue(guarantee) is { } g) overrides.Add($"--Streams:ProcessingGuarantee={g}");
            if (result.GetValue(metricsPort) is { } mp) overrides.Add($"--Metrics:Port={mp}");
            if (result.GetValue(noMetrics)) overrides.Add("--Metrics:Enabled=false");
            if (result.GetValue(dashboardPort) is { } dp) overrides.Add($"--Dashboard:Port={dp}");
            if (result.GetValue(backend) is { } b) overrides.Add(LearningOptions.Override(b));
            var configuration = SusyConfiguration.Build([.. overrides]);
            var idle = result.GetValue(untilIdle) is { } seconds ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null;
            if (result.GetValue(logits) && result.GetValue(model) == null)
            {
                Console.Error.WriteLine("susy run: --logits describes the --model's output; give --model too.");
                return 2;
            }
            var pinned = result.GetValue(model) is { } path ? new PinnedModelFile(path, result.GetValue(logits)) : null;
            try
            {
                return await Run(configuration, idle, result.GetValue(summaryJson), !result.GetValue(noEvaluate), result.GetValue(dashboard), pinned, ct);
            }
            catch (TorchSharpUnavailableException e)
            {
                AnsiConsole.MarkupLine($"[red]run: {Markup.Escape(e.Message)}[/]");
                return 1;
            }
        });
        return command;
    }

    private static async Task<int> Run(IConfiguration configuration, TimeSpan? idle, string? summaryPath, bool evaluate, bool withDashboard,
        PinnedModelFile? pinnedFile, CancellationToken ct)
    {
        ServedModel? pinned = null;
        try
        {
            if (pinnedFile != null) pinned = new ServedModel(PinnedModelFile.Version, 0, pinnedFile.Load());
        }
        catch (ScoringModelException e)
        {
            Console.Error.WriteLine($"susy run: --model {pinnedFile!.Path}: {e.Message}");
            return 2;
        }
        using var shutdown = new ShutdownSignal(ct);
        using var loggers = AppLogging.Create(configuration);
        var logger = loggers.CreateLogger("susy.run");
        var kafka = KafkaSettings.From(configuration);
        var options = AppTopology.Options(configuration);
        var guarantee = StreamsSettings.Guarantee(configuration);
        using var registry = kafka.CreateRegistryClient();
        using var counters = new TopologyCounters();
        MetricsEndpoint? metrics = null;
        LiveDashboard? dashboard = null;
        try
        {
            var metricsSettings = MetricsSettings.From(configuration);
            if (metricsSettings.Enabled)
            {
                metrics = await MetricsEndpoint.StartAsync(metricsSettings, ct: shutdown.Token);
                logger.LogInformation("Prometheus metrics at {MetricsUrl}", metrics.Url);
            }
            if (withDashboard)
            {
                var dashboardOptions = LiveDashboard.Options(configuration);
                dashboardOptions.MetricsUrl = metrics?.Url;
                dashboard = await LiveDashboard.StartAsync(kafka, options, dashboardOptions, loggers, ct: shutdown.Token);
                AnsiConsole.WriteLine($"dashboard: {dashboard.Url} (open while the run lasts; `susy dashboard` shows the topics afterwards)");
            }
        }
        catch (PortInUseException e)
        {
            logger.LogError("{Message}", e.Message);
            await DisposeAsync(metrics, dashboard);
            return 2;
        }
        try
        {
            return RunTopology(configuration, idle, summaryPath, evaluate, pinnedFile, pinned, logger, kafka, options, guarantee, registry,
                counters, loggers, shutdown.Token);
        }
        finally
        {
            await DisposeAsync(metrics, dashboard);
        }
    }

    private static async Task DisposeAsync(MetricsEndpoint? metrics, LiveDashboard? dashboard)
    {
        if (dashboard != null) await dashboard.DisposeAsync();
        if (metrics != null) await metrics.DisposeAsync();
    }

    private static int RunTopology(IConfiguration configuration, TimeSpan? idle, string? summaryPath, bool evaluate,
        PinnedModelFile? pinnedFile, ServedModel? pinned, ILogger logger, KafkaSettings kafka, SusyTopologyOptions options,
        Streamiz.Kafka.Net.ProcessingGuarantee guarantee, Confluent.SchemaRegistry.ISchemaRegistryClient registry,
        TopologyCounters counters, ILoggerFactory loggers, CancellationToken stop)
    {
        logger.LogInformation("Running {ApplicationId} with {Guarantee} on {Bootstrap}{Embedded}", options.ApplicationId,
            StreamsSettings.Describe(guarantee), kafka.BootstrapServers,
            StreamsSettings.IsEmbedded(configuration) ? " (embedded cluster: transactions there carry no semantics)" : "");
        if (pinned != null)
            logger.LogInformation("Scoring with the pinned model {Path}: {Contract}", pinnedFile!.Path, pinned.Model.Contract.Describe());

        counters.RunStarted(TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds());
        TopologyRunner.Outcome outcome;
        using (var app = SusyStreams.Create(configuration, kafka, registry, counters, guarantee, loggers, pinned))
            outcome = new TopologyRunner(app, counters, logger).Run(idle, null, stop, InputBacklog(configuration, kafka, options, guarantee));
        if (outcome.Failed) logger.LogError(outcome.Failure, "The topology failed");

        EvaluationResult? final = null;
        if (evaluate && pinnedFile != null)
        {
            using var model = pinnedFile.Load(); // the app disposed its copy with its stream threads
            final = new ModelEvaluator(kafka, options).Evaluate(model, PinnedModelFile.Version, 0, CancellationToken.None);
        }
        else if (evaluate && counters.LastModelVersion > 0)
            final = new ModelEvaluator(kafka, options).Evaluate(ct: CancellationToken.None);
        var coverage = final != null ? PredictionCoverage.Read(kafka, options, final.TestEventIds) : null;
        var stream = counters.StreamAccuracy();
        var summary = new RunSummary
        {
            Events = counters.Events + counters.Invalid,
            Train = counters.TrainEvents,
            Test = counters.TestEvents,
            Invalid = counters.Invalid,
            Predictions = counters.Predictions,
            Unscored = counters.Unscored,
            Accuracy = NullIfNaN(stream.Accuracy),
            StreamAuc = stream.Auc,
            StreamLogLoss = NullIfNaN(stream.LogLoss),
            FinalModelAccuracy = final?.Accuracy,
            TestEventIdCollisions = final?.IdCollisions,
            PredictedTestEvents = coverage?.PredictedTestEvents,
            DuplicatePredictions = coverage?.Duplicates,
            UnpredictedTestEvents = coverage?.Unpredicted,
            Auc = final?.Auc,
            LogLoss = final?.LogLoss,
            ModelVersions = counters.LastModelVersion,
            TrainedRecords = counters.TrainedRecords,
            Guarantee = StreamsSettings.Describe(guarantee),
            EventsPerSecond = outcome.Processing.TotalSeconds > 0 ? (counters.Events + counters.Invalid) / outcome.Processing.TotalSeconds : 0,
            P50Ms = NullIfNaN(counters.LatencyPercentile(50)),
            P99Ms = NullIfNaN(counters.LatencyPercentile(99)),
            PredictionsOfQueuedEvents = counters.PredictionsOfQueuedEvents,
        };
        SummaryTable.Print(summary);
        if (summaryPath != null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(summaryPath))!);
            File.WriteAllText(summaryPath, summary.ToJson());
        }
        return outcome.Failed ? 1 : 0;
    }

    /// <summary>
    /// What --until-idle checks before it stops: the records the group has not committed on the topics it consumes.
    /// Not on the embedded cluster under exactly-once, whose mock broker discards offsets sent in a transaction.
    /// </summary>
    private static Func<long>? InputBacklog(IConfiguration configuration, KafkaSettings kafka, SusyTopologyOptions options,
        Streamiz.Kafka.Net.ProcessingGuarantee guarantee) =>
        guarantee == Streamiz.Kafka.Net.ProcessingGuarantee.EXACTLY_ONCE && StreamsSettings.IsEmbedded(configuration)
            ? null
            : () => GroupLag.Read(kafka.BootstrapServers, options.ApplicationId, [], TimeSpan.FromSeconds(5)).Sum(p => p.Lag);

    private static double? NullIfNaN(double value) => double.IsNaN(value) ? null : value;

    /// <summary>`--model FILE [--logits]`: a user's model, served for the whole run.</summary>
    private sealed record PinnedModelFile(string Path, bool Logits)
    {
        /// <summary>The model version a pinned model's predictions carry: 0, since it is none of the models topic's versions.</summary>
        public const long Version = 0;

        public ScoringModel Load() =>
            ScoringModel.Load(Path, new ScoringModelOptions { DefaultMeaning = Logits ? OutputMeaning.Logit : OutputMeaning.Probability });
    }
}
