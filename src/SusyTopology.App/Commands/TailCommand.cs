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
    private readonly Argument<string> _topic = new("topic") { Description = "The topic to print, e.g. susy-predictions." };
    private readonly Option<bool> _fromBeginning = new("--from-beginning") { Description = "Print what the topic holds, then stop once caught up (default: only new records)." };
    private readonly Option<long?> _max = new("--max") { Description = "Stop after this many records." };
    private readonly Option<double?> _timeout = new("--timeout") { Description = "Stop when no record arrives for this many seconds." };
    private readonly Option<bool> _printKey = new("--print-key") { Description = "Prefix each value with its key and a tab (int64 event ids, else UTF-8)." };
    private readonly Option<bool> _metadata = new("--metadata") { Description = "One object per record: partition, offset, timestamp, key, headers, schema_id, value." };
    private readonly Option<bool> _fullBytes = new("--full-bytes") { Description = "Print bytes fields (ONNX models) in full instead of their size." };

    public Command Build()
    {
        var command = new Command("tail", "Print an Avro topic as JSON lines, decoded through the Schema Registry (like kafka-avro-console-consumer).")
        {
            _topic, _fromBeginning, _max, _timeout, _printKey, _metadata, _fullBytes,
        };
        command.SetAction((result, ct) => Task.FromResult(Run(Settings(result), ct)));
        return command;
    }

    /// <summary>What a parsed command line asks for.</summary>
    internal TailSettings Settings(ParseResult result) => new()
    {
        Topic = result.GetValue(_topic)!,
        FromBeginning = result.GetValue(_fromBeginning),
        Max = result.GetValue(_max),
        Timeout = result.GetValue(_timeout) is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
        Format = new TailFormat
        {
            PrintKey = result.GetValue(_printKey),
            PrintMetadata = result.GetValue(_metadata),
            FullBytes = result.GetValue(_fullBytes),
        },
    };

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
