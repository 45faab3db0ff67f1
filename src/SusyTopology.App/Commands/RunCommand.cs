using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Spectre.Console;
using SusyTopology.App.Cli;
using SusyTopology.App.Configuration;
using SusyTopology.App.Evaluation;
using SusyTopology.App.Running;
using SusyTopology.App.Topology;
using SusyTopology.Scoring;

namespace SusyTopology.App.Commands;

/// <summary>`susy run`: the topology as a service; with --until-idle, until the input is drained, then a summary.</summary>
internal sealed class RunCommand : ICliCommand
{
    public Command Build()
    {
        var untilIdle = new Option<double?>("--until-idle") { Description = "Stop after this many seconds without new input, then print the summary." };
        var summaryJson = new Option<string?>("--summary-json") { Description = "Also write the summary as JSON to this file." };
        var prequential = new Option<bool>("--prequential") { Description = "Score training events before learning them (test-then-train) to susy-prequential." };
        var guarantee = new Option<string?>("--guarantee") { Description = "exactly_once_v2 (default) or at_least_once (default on the embedded cluster)." };
        var noEvaluate = new Option<bool>("--no-evaluate") { Description = "Skip re-scoring all TEST events with the final model." };
        var model = new Option<string?>("--model")
        {
            Description = "Score with this ONNX model (any binary classifier of [N,18] float raw features) instead of the learner's; " +
                "pinned: models published to susy-models do not replace it. The learner still learns and publishes.",
        };
        var logits = new Option<bool>("--logits") { Description = "The --model's output is a logit (or two class logits), not a probability." };
        var command = new Command("run", "Run the SUSY topology (learn online, score, aggregate accuracy) until Ctrl-C or until the input is drained.")
        {
            untilIdle, summaryJson, prequential, guarantee, noEvaluate, model, logits,
        };
        command.SetAction((result, ct) =>
        {
            var overrides = new List<string>();
            if (result.GetValue(prequential)) overrides.Add("--Topology:Prequential=true");
            if (result.GetValue(guarantee) is { } g) overrides.Add($"--Streams:ProcessingGuarantee={g}");
            var configuration = SusyConfiguration.Build([.. overrides]);
            var idle = result.GetValue(untilIdle) is { } seconds ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null;
            if (result.GetValue(logits) && result.GetValue(model) == null)
            {
                Console.Error.WriteLine("susy run: --logits describes the --model's output; give --model too.");
                return Task.FromResult(2);
            }
            var pinned = result.GetValue(model) is { } path ? new PinnedModelFile(path, result.GetValue(logits)) : null;
            return Task.FromResult(Run(configuration, idle, result.GetValue(summaryJson), !result.GetValue(noEvaluate), pinned, ct));
        });
        return command;
    }

    private static int Run(IConfiguration configuration, TimeSpan? idle, string? summaryPath, bool evaluate, PinnedModelFile? pinnedFile, CancellationToken ct)
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
        logger.LogInformation("Running {ApplicationId} with {Guarantee} on {Bootstrap}{Embedded}", options.ApplicationId,
            StreamsSettings.Describe(guarantee), kafka.BootstrapServers,
            StreamsSettings.IsEmbedded(configuration) ? " (embedded cluster: transactions there carry no semantics)" : "");
        if (pinned != null)
            logger.LogInformation("Scoring with the pinned model {Path}: {Contract}", pinnedFile!.Path, pinned.Model.Contract.Describe());

        counters.RunStarted(TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds());
        TopologyRunner.Outcome outcome;
        using (var app = SusyStreams.Create(configuration, kafka, registry, counters, guarantee, loggers, pinned))
            outcome = new TopologyRunner(app, counters, logger).Run(idle, null, shutdown.Token);
        if (outcome.Failed) logger.LogError(outcome.Failure, "The topology failed");

        EvaluationResult? final = null;
        if (evaluate && pinnedFile != null)
        {
            using var model = pinnedFile.Load(); // the app disposed its copy with its stream threads
            final = new ModelEvaluator(kafka, options).Evaluate(model, PinnedModelFile.Version, 0, CancellationToken.None);
        }
        else if (evaluate && counters.LastModelVersion > 0)
            final = new ModelEvaluator(kafka, options).Evaluate(ct: CancellationToken.None);
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
