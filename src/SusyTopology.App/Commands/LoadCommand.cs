using System.CommandLine;
using Spectre.Console;
using SusyTopology.App.Cli;
using SusyTopology.App.Configuration;
using SusyTopology.App.Loading;

namespace SusyTopology.App.Commands;

/// <summary>`susy load`: produce a UCI SUSY CSV to the events topic as Avro <see cref="SusyEvent"/>s, idempotently.</summary>
internal sealed class LoadCommand : ICliCommand
{
    public Command Build()
    {
        var csv = new Option<string?>("--csv") { Description = "UCI SUSY CSV, plain or .gz (default: the bundled real sample)." };
        var rows = new Option<long?>("--rows") { Description = "Produce at most this many events (across passes with --loop)." };
        var testFraction = new Option<double>("--test-fraction") { Description = "Share of rows assigned to TEST.", DefaultValueFactory = _ => 0.4 };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the deterministic TRAIN/TEST split.", DefaultValueFactory = _ => 123 };
        var rate = new Option<double>("--rate") { Description = "Events per second (0 = as fast as possible).", DefaultValueFactory = _ => 0 };
        var loop = new Option<bool>("--loop") { Description = "Replay the file (new event ids each pass) until --rows or Ctrl-C." };
        var topic = new Option<string>("--topic") { Description = "Events topic.", DefaultValueFactory = _ => "susy-events" };
        var quiet = new Option<bool>("--quiet") { Description = "No progress bar (for scripts)." };
        var firstId = new Option<long?>("--first-id")
        {
            Description = "Id of the first event (default: one past the highest id already in the topic, so loads never reuse ids).",
        };
        var command = new Command("load", "Produce SUSY events (Avro, Confluent wire format) from a UCI CSV to Kafka.")
        {
            csv, rows, testFraction, seed, rate, loop, topic, quiet, firstId,
        };
        command.SetAction((result, ct) =>
        {
            var options = new LoadOptions
            {
                CsvPath = result.GetValue(csv) ?? BundledSample.Path,
                Rows = result.GetValue(rows),
                TestFraction = result.GetValue(testFraction),
                Seed = result.GetValue(seed),
                Rate = result.GetValue(rate),
                Loop = result.GetValue(loop),
                Topic = result.GetValue(topic)!,
            };
            return Task.FromResult(Run(options, result.GetValue(firstId), result.GetValue(quiet), ct));
        });
        return command;
    }

    private static int Run(LoadOptions options, long? firstId, bool quiet, CancellationToken ct)
    {
        if (!File.Exists(options.CsvPath))
        {
            AnsiConsole.MarkupLine($"[red]No such file: {Markup.Escape(options.CsvPath)}[/]");
            return 2;
        }
        using var shutdown = new ShutdownSignal(ct);
        var settings = KafkaSettings.From(SusyConfiguration.Build());
        options = options with { FirstEventId = firstId ?? EventIds.NextFree(settings, options.Topic, TimeSpan.FromSeconds(15)) };
        using var registry = settings.CreateRegistryClient();
        using var producer = EventLoader.CreateProducer(settings, registry, "susy-load");
        var loader = new EventLoader(producer, TimeProvider.System);
        LoadResult result;
        if (quiet || Console.IsOutputRedirected)
        {
            result = loader.Run(options, null, shutdown.Token);
        }
        else
        {
            long? total = options.Rows ?? (options.Loop ? null : CountLines(options.CsvPath));
            result = null!;
            AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                .Start(progress =>
                {
                    var task = progress.AddTask($"producing to {options.Topic}", maxValue: total ?? 1);
                    task.IsIndeterminate = total == null;
                    result = loader.Run(options, n => task.Value = n, shutdown.Token);
                    task.Value = task.MaxValue;
                });
        }

        var table = new Table().Title("[bold]susy load[/]").AddColumns("", "");
        table.AddRow("file", Markup.Escape(options.CsvPath));
        table.AddRow("events produced", $"{result.Produced:N0}");
        table.AddRow("event ids", $"from {options.FirstEventId:N0} (one past the highest already in {Markup.Escape(options.Topic)})");
        table.AddRow("TRAIN / TEST", $"{result.Train:N0} / {result.Test:N0} (test fraction {options.TestFraction}, seed {options.Seed})");
        table.AddRow("bad rows skipped", $"{result.BadRowCount:N0}");
        table.AddRow("events/s", $"{result.EventsPerSecond:N0}");
        AnsiConsole.Write(table);
        foreach (var row in result.BadRows) AnsiConsole.MarkupLine($"[yellow]skipped: {Markup.Escape(row)}[/]");
        return 0;
    }

    private static long CountLines(string path)
    {
        using var reader = Learning.Data.SusyCsv.OpenText(path);
        long n = 0;
        while (reader.ReadLine() is { } line) if (!string.IsNullOrWhiteSpace(line)) n++;
        return n;
    }
}
