using System.CommandLine;
using SusyTopology.App.Cli;

var root = new RootCommand("susy: robust machine learning on streaming SUSY events with Kafka, Avro and ONNX.");
foreach (var command in CommandCatalog.All)
    root.Subcommands.Add(command.Build());
return await root.Parse(args).InvokeAsync();
