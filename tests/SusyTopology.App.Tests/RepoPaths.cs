namespace SusyTopology.App.Tests;

internal static class RepoPaths
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "SusyTopology.sln"))) return dir.FullName;
        throw new InvalidOperationException("SusyTopology.sln not found above " + AppContext.BaseDirectory);
    }
}
