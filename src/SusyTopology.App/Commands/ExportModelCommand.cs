using System.CommandLine;
using Confluent.Kafka;
using SusyTopology.App.Cli;
using SusyTopology.App.Configuration;
using SusyTopology.App.Evaluation;
using SusyTopology.App.Inspection;
using SusyTopology.App.Topology;
using SusyTopology.Avro;

namespace SusyTopology.App.Commands;

/// <summary>`susy export-model --out FILE [--version V]`: a snapshot from the models topic as an ONNX file (<see cref="ModelExport"/>).</summary>
internal sealed class ExportModelCommand : ICliCommand
{
    public Command Build()
    {
        var output = new Option<string>("--out") { Description = "The ONNX file to write.", Required = true };
        var version = new Option<long?>("--version") { Description = "The model version to export (default: the newest)." };
        var command = new Command("export-model", "Write a model snapshot from the models topic as an ONNX file.") { output, version };
        command.SetAction((result, ct) => Task.FromResult(Run(result.GetValue(output)!, result.GetValue(version), ct)));
        return command;
    }

    private static int Run(string path, long? version, CancellationToken ct)
    {
        using var shutdown = new ShutdownSignal(ct);
        try
        {
            var configuration = SusyConfiguration.Build();
            var models = new ModelEvaluator(KafkaSettings.From(configuration), AppTopology.Options(configuration));
            return ModelExport.Run(models, version, path, Console.Out, shutdown.Token) == null ? 1 : 0;
        }
        catch (Exception e) when (e is InvalidOperationException or KafkaException or AvroException or TimeoutException or IOException)
        {
            Console.Error.WriteLine($"susy export-model: {e.Message}");
            return 1;
        }
    }
}
