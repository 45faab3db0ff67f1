namespace SusyTopology.App.Cli;

/// <summary>Every `susy` sub-command, in the order `susy --help` lists them.</summary>
internal static class CommandCatalog
{
    public static IReadOnlyList<ICliCommand> All { get; } =
    [
        new Commands.ClusterCommand(),
        new Commands.LoadCommand(),
        new Commands.RunCommand(),
        new Commands.LagCommand(),
        new Commands.DashboardCommand(),
        new Commands.TrainOfflineCommand(),
        new Commands.TailCommand(),
        new Commands.ExportModelCommand(),
        new Commands.PublishModelCommand(),
        new Commands.EvaluateCommand(),
        new Commands.DescribeCommand(),
    ];
}
