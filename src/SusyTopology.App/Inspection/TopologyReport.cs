using Microsoft.Extensions.Configuration;
using SusyTopology.App.Topology;

namespace SusyTopology.App.Inspection;

/// <summary>
/// `susy describe`: the configured topology as Kafka Streams' <c>Topology#describe()</c> prints it, then every topic
/// it needs with its partition count, the app's internal (repartition, changelog) topics marked as such.
/// </summary>
public static class TopologyReport
{
    public static void Write(IConfiguration configuration, TextWriter output)
    {
        var options = AppTopology.Options(configuration);
        output.WriteLine(AppTopology.BuildForInspection(options).Describe().ToString()?.TrimEnd());
        output.WriteLine();
        output.WriteLine($"Topics ({options.ApplicationId}):");
        var topics = AppTopology.RequiredTopics(configuration).Partitions;
        var width = topics.Keys.Select(t => t.Length).DefaultIfEmpty(0).Max();
        foreach (var (topic, partitions) in topics)
        {
            var internalTopic = topic.StartsWith(options.ApplicationId + "-", StringComparison.Ordinal) ? "  (internal)" : "";
            output.WriteLine($"  {topic.PadRight(width)}  {partitions,3} partition{(partitions == 1 ? "" : "s")}{internalTopic}");
        }
    }
}
