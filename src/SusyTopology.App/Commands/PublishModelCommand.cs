using System.CommandLine;
using System.Globalization;
using Confluent.Kafka;
using Spectre.Console;
using SusyTopology.App.Cli;
using SusyTopology.App.Configuration;
using SusyTopology.App.Publishing;
using SusyTopology.App.Topology;
using SusyTopology.Avro;
using SusyTopology.Scoring;

namespace SusyTopology.App.Commands;

/// <summary>`susy publish-model FILE.onnx [--logits] [--version V]`: a user's model onto the models topic (<see cref="ModelPublisher"/>).</summary>
internal sealed class PublishModelCommand : ICliCommand
{
    public Command Build()
    {
        var file = new Argument<string>("file") { Description = "The ONNX model: a binary classifier of [N,18] float raw SUSY features." };
        var logits = new Option<bool>("--logits") { Description = "The model outputs a logit (or two class logits), not a probability." };
        var version = new Option<long?>("--version") { Description = "The version to publish as (default: the newest on the topic plus one)." };
        var command = new Command("publish-model",
            "Publish an ONNX model to the models topic: running apps swap to it as to a learner snapshot (unless they pin a model).")
        {
            file, logits, version,
        };
        command.SetAction((result, ct) => Task.FromResult(Run(result.GetValue(file)!, result.GetValue(logits), result.GetValue(version), ct)));
        return command;
    }

    private static int Run(string path, bool logits, long? version, CancellationToken ct)
    {
        using var shutdown = new ShutdownSignal(ct);
        try
        {
            var onnx = File.ReadAllBytes(path);
            var configuration = SusyConfiguration.Build();
            var publisher = new ModelPublisher(KafkaSettings.From(configuration), AppTopology.Options(configuration), TimeProvider.System);
            var published = publisher.Publish(onnx, logits, version, shutdown.Token);
            var table = new Table().Title("[bold]susy publish-model[/]").AddColumns("", "").HideHeaders();
            table.AddRow("file", Markup.Escape(Path.GetFullPath(path)));
            table.AddRow("model version", published.Version.ToString(CultureInfo.InvariantCulture));
            table.AddRow("previous version", published.PreviousVersion?.ToString(CultureInfo.InvariantCulture) ?? "none");
            table.AddRow("size", $"{published.SizeBytes.ToString("N0", CultureInfo.InvariantCulture)} bytes");
            table.AddRow("contract", Markup.Escape(published.Contract.Describe()));
            AnsiConsole.Write(table);
            return 0;
        }
        catch (ScoringModelException e)
        {
            Console.Error.WriteLine($"susy publish-model: {path}: {e.Message}");
            return 2;
        }
        catch (Exception e) when (e is InvalidOperationException or KafkaException or AvroException or TimeoutException or IOException
                                      or UnauthorizedAccessException or OperationCanceledException)
        {
            Console.Error.WriteLine($"susy publish-model: {e.Message}");
            return 1;
        }
    }
}
