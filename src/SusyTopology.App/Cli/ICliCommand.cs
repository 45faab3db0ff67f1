using System.CommandLine;

namespace SusyTopology.App.Cli;

/// <summary>One `susy` sub-command. Each lives in its own file under Commands/ and is listed in <see cref="CommandCatalog"/>.</summary>
internal interface ICliCommand
{
    Command Build();
}
