using System.CommandLine;
using SusyTopology.App.Cli;
using SusyTopology.App.Configuration;
using SusyTopology.App.Inspection;

namespace SusyTopology.App.Commands;

/// <summary>`susy describe`: the configured topology's sub-topologies, processors and stores, and the topics it needs (<see cref="TopologyReport"/>).</summary>
internal sealed class DescribeCommand : ICliCommand
{
    public Command Build()
    {
        var command = new Command("describe", "Print the configured topology (as Kafka Streams' Topology#describe) and the topics it needs.");
        // Needs no cluster: the topology is built over an in-memory registry.
        command.SetAction((_, _) =>
        {
            TopologyReport.Write(SusyConfiguration.Build(), Console.Out);
            return Task.FromResult(0);
        });
        return command;
    }
}
