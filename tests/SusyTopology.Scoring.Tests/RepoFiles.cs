namespace SusyTopology.Scoring.Tests;

internal static class RepoFiles
{
    public static string Root { get; } = FindRoot();
    public static string SampleCsv => Path.Combine(Root, "data", "sample", "susy-sample.csv.gz");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "SusyTopology.sln"))) return dir.FullName;
        throw new InvalidOperationException("Cannot find the repository root (SusyTopology.sln) above " + AppContext.BaseDirectory);
    }
}
