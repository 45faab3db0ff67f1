using System.CommandLine;
using Confluent.Kafka;
using SusyTopology.App.Cli;
using SusyTopology.App.Configuration;
using SusyTopology.App.Evaluation;
using SusyTopology.App.Inspection;
using SusyTopology.App.Topology;
using SusyTopology.Avro;
using SusyTopology.Scoring;

namespace SusyTopology.App.Commands;

/// <summary>
/// `susy evaluate [--model-version V] [--json FILE]`: re-reads every TEST event and scores it with one model snapshot
/// (the tutorial's <c>model.evaluate</c>; <see cref="ModelEvaluator"/>), unlike `susy-accuracy`, which shows the
/// predictions as they were made while the model learned.
/// </summary>
internal sealed class EvaluateCommand : ICliCommand
{
    public Command Build()
    {
        var version = new Option<long?>("--model-version") { Description = "The model version to evaluate (default: the newest)." };
        var json = new Option<string?>("--json") { Description = "Also write the scores as JSON to this file." };
        var command = new Command("evaluate", "Score every TEST event with a model from the models topic: accuracy, ROC AUC, log loss.") { version, json };
        command.SetAction((result, ct) => Task.FromResult(Run(result.GetValue(version), result.GetValue(json), ct)));
        return command;
    }

    private static int Run(long? version, string? jsonPath, CancellationToken ct)
    {
        using var shutdown = new ShutdownSignal(ct);
        try
        {
            var configuration = SusyConfiguration.Build();
            var evaluator = new ModelEvaluator(KafkaSettings.From(configuration), AppTopology.Options(configuration));
            var result = evaluator.Evaluate(version, shutdown.Token);
            if (result == null)
            {
                Console.Error.WriteLine(version is { } v
                    ? $"susy evaluate: no model version {v} on the models topic."
                    : "susy evaluate: the models topic holds no model yet (run `susy run` on some training events).");
                return 1;
            }
            EvaluationReport.Print(result, Console.Out);
            if (jsonPath != null)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(jsonPath))!);
                File.WriteAllText(jsonPath, EvaluationReport.ToJson(result));
            }
            return 0;
        }
        catch (Exception e) when (e is InvalidOperationException or KafkaException or AvroException or TimeoutException or IOException or ScoringModelException)
        {
            Console.Error.WriteLine($"susy evaluate: {e.Message}");
            return 1;
        }
    }
}
