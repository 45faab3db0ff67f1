using System.CommandLine;
using Confluent.Kafka;
using Spectre.Console;
using SusyTopology.App.Cli;
using SusyTopology.App.Configuration;
using SusyTopology.Kafka.Native;

namespace SusyTopology.App.Commands;

/// <summary>
/// `susy lag --group ID`: each partition's committed offset, log-end offset and lag, like
/// <c>kafka-consumer-groups --describe</c>. It reads committed offsets with OffsetFetch (a consumer that never joins
/// the group, so it cannot trigger a rebalance) and log-end offsets with ListOffsets.
/// </summary>
internal sealed class LagCommand : ICliCommand
{
    public Command Build()
    {
        var group = new Option<string>("--group") { Description = "Consumer group id (the app's is its application.id).", DefaultValueFactory = _ => "susy-topology" };
        var topics = new Option<string[]>("--topic")
        {
            Description = "Topics to report (repeatable); default: every topic on which the group has committed offsets.",
            AllowMultipleArgumentsPerToken = true,
        };
        var command = new Command("lag", "Show a consumer group's committed offsets, log-end offsets and lag per partition.") { group, topics };
        command.SetAction((result, _) => Task.FromResult(Run(result.GetValue(group)!, result.GetValue(topics) ?? [])));
        return command;
    }

    private static int Run(string group, string[] topics)
    {
        Librdkafka.EnsureLoaded();
        var bootstrap = SusyConfiguration.Build()[SusyConfiguration.BootstrapServersKey]
                        ?? throw new InvalidOperationException("No Kafka:BootstrapServers configured (run `make up`).");
        var rows = GroupLag.Read(bootstrap, group, topics, TimeSpan.FromSeconds(10));
        if (rows.Count == 0)
        {
            AnsiConsole.MarkupLine($"[yellow]Group '{Markup.Escape(group)}' has no committed offsets on {(topics.Length == 0 ? "any topic" : string.Join(", ", topics))}.[/]");
            return 0;
        }
        var table = new Table().Title($"consumer group [bold]{Markup.Escape(group)}[/]")
            .AddColumns("topic", "partition", "committed", "log-end", "lag");
        foreach (var row in rows)
            table.AddRow(row.Topic, row.Partition.ToString(), row.Committed?.ToString() ?? "-", row.LogEnd.ToString(), row.Lag.ToString());
        table.AddRow("[bold]total[/]", "", "", "", $"[bold]{rows.Sum(r => r.Lag)}[/]");
        AnsiConsole.Write(table);
        return 0;
    }
}

/// <summary>One partition's position for a consumer group.</summary>
internal sealed record PartitionLag(string Topic, int Partition, long? Committed, long LogEnd)
{
    /// <summary>Records not yet consumed; a partition with no commit lags by everything it holds.</summary>
    public long Lag => Math.Max(0, LogEnd - (Committed ?? 0));
}

internal static class GroupLag
{
    public static IReadOnlyList<PartitionLag> Read(string bootstrap, string group, IReadOnlyCollection<string> topics, TimeSpan timeout)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrap }).Build();
        var metadata = admin.GetMetadata(timeout);
        var partitions = metadata.Topics
            .Where(t => topics.Count == 0 ? !t.Topic.StartsWith("__", StringComparison.Ordinal) : topics.Contains(t.Topic))
            .SelectMany(t => t.Partitions.Select(p => new TopicPartition(t.Topic, p.PartitionId)))
            .OrderBy(tp => tp.Topic, StringComparer.Ordinal).ThenBy(tp => tp.Partition.Value)
            .ToList();
        var missing = topics.Except(metadata.Topics.Select(t => t.Topic)).ToList();
        if (missing.Count > 0) throw new InvalidOperationException($"Unknown topic(s): {string.Join(", ", missing)}.");

        using var consumer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = group,
            EnableAutoCommit = false,
        }).Build();
        var committed = consumer.Committed(partitions, timeout).ToDictionary(c => c.TopicPartition, c => c.Offset);
        var rows = new List<PartitionLag>();
        foreach (var tp in partitions)
        {
            var offset = committed.TryGetValue(tp, out var o) && o != Offset.Unset ? o.Value : (long?)null;
            // Without an explicit topic list, report only the topics the group has consumed.
            if (topics.Count == 0 && offset == null && !committed.Any(c => c.Key.Topic == tp.Topic && c.Value != Offset.Unset)) continue;
            var marks = consumer.QueryWatermarkOffsets(tp, timeout);
            rows.Add(new PartitionLag(tp.Topic, tp.Partition.Value, offset, marks.High.Value));
        }
        return rows;
    }
}
