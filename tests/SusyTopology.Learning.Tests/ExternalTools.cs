using System.Diagnostics;

namespace SusyTopology.Learning.Tests;

/// <summary>Locates the independent implementations the cross-check tests run against, and runs them.</summary>
internal static class ExternalTools
{
    /// <summary>Debian's interpreter: the first python3 on PATH may be a pyenv one without Debian's python3-onnx.</summary>
    public const string DebianPython = "/usr/bin/python3";

    public static string RepoRoot { get; } = FindRepoRoot();
    public static string SampleCsv => Path.Combine(RepoRoot, "data", "sample", "susy-sample.csv.gz");

    private static readonly Lazy<string?> PythonOnnxProblem = new(() =>
    {
        if (!File.Exists(DebianPython)) return $"{DebianPython} not found (install Debian's python3-onnx: make deps)";
        var (code, _, err) = Run(DebianPython, ["-c", "import onnx"], TimeSpan.FromSeconds(60));
        return code == 0 ? null : $"python3-onnx is not importable by {DebianPython} (make deps): {err.Trim()}";
    });

    public static string? WhyNoPythonOnnx => PythonOnnxProblem.Value;

    public static (int Code, string Out, string Err) Run(string file, IEnumerable<string> args, TimeSpan timeout, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} did not finish within {timeout}.");
        }
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "SusyTopology.sln"))) return dir.FullName;
        throw new InvalidOperationException("Cannot find the repository root (SusyTopology.sln) above " + AppContext.BaseDirectory);
    }
}

/// <summary>A fact that is skipped, with the reason, when Debian's python3-onnx is unavailable.</summary>
public sealed class RequiresPythonOnnxFactAttribute : FactAttribute
{
    public RequiresPythonOnnxFactAttribute()
    {
        if (ExternalTools.WhyNoPythonOnnx is { } why) Skip = why;
    }
}
