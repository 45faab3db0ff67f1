using System.CommandLine;
using Confluent.Kafka;
using SusyTopology.App.Cli;
using SusyTopology.App.Configuration;
using SusyTopology.App.Inspection;
using SusyTopology.Avro;

namespace SusyTopology.App.Commands;

/// <summary>
/// `susy tail TOPIC`: any Avro topic as JSON lines, decoded through the Schema Registry, like
/// kafka-avro-console-consumer. The work is <see cref="TopicTail"/>; this class is only the command line around it.
/// </summary>
internal sealed class TailCommand : ICliCommand
{
    public Command Build()
    {
        var topic = new Argument<string>("topic") { Description = "The topic to print, e.g. susy-predictions." };
        var fromBeginning = new Option<bool>("--from-beginning") { Description = "Print what the topic holds, then stop once caught up (default: only new records)." };
        var max = new Option<long?>("--max") { Description = "Stop after this many records." };
        var timeout = new Option<double?>("--timeout") { Description = "Stop when no record arrives for this many seconds." };
        var printKey = new Option<bool>("--print-key") { Description = "Prefix each value with its key and a tab (int64 event ids, else UTF-8)." };
        var metadata = new Option<bool>("--metadata") { Description = "One object per record: partition, offset, timestamp, key, headers, schema_id, value." };
        var fullBytes = new Option<bool>("--full-bytes") { Description = "Print bytes fields (ONNX models) in full instead of their size." };
        var command = new Command("tail", "Print an Avro topic as JSON lines, decoded through the Schema Registry (like kafka-avro-console-consumer).")
        {
            topic, fromBeginning, max, timeout, printKey, metadata, fullBytes,
        };
        command.SetAction((result, ct) =>
        {
            var settings = new TailSettings
            {
                Topic = result.GetValue(topic)!,
                FromBeginning = result.GetValue(fromBeginning),
                Max = result.GetValue(max),
                Timeout = result.GetValue(timeout) is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
                Format = new TailFormat
                {
                    PrintKey = result.GetValue(printKey),
                    PrintMetadata = result.GetValue(metadata),
                    FullBytes = result.GetValue(fullBytes),
                },
            };
            return Task.FromResult(Run(settings, ct));
        });
        return command;
    }

    private static int Run(TailSettings settings, CancellationToken ct)
    {
        if (settings.Max is <= 0) return Fail("--max must be positive.");
        if (settings.Timeout is { } t && t <= TimeSpan.Zero) return Fail("--timeout must be positive.");
        using var shutdown = new ShutdownSignal(ct);
        try
        {
            var kafka = KafkaSettings.From(SusyConfiguration.Build());
            using var registry = kafka.CreateRegistryClient();
            var tail = new TopicTail(kafka.Consumer("susy-tail", "susy-tail"), registry);
            var result = tail.Run(settings, Console.Out, shutdown.Token);
            Console.Error.WriteLine($"{result.Records:N0} record(s), {Describe(result.Stop)}.");
            return 0;
        }
        catch (Exception e) when (e is InvalidOperationException or KafkaException or AvroException)
        {
            return Fail(e.Message);
        }
    }

    private static string Describe(TailStop stop) => stop switch
    {
        TailStop.CaughtUp => "caught up",
        TailStop.MaxReached => "--max reached",
        TailStop.TimedOut => "no new record within --timeout",
        _ => "stopped",
    };

    private static int Fail(string message)
    {
        // stderr, so that stdout stays pure JSON lines for pipes.
        Console.Error.WriteLine($"susy tail: {message}");
        return 1;
    }
}
