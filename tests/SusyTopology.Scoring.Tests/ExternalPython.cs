using System.Diagnostics;

namespace SusyTopology.Scoring.Tests;

/// <summary>Debian's python3 with python3-onnx (and numpy): an independent author of models and of their expected scores.</summary>
internal static class ExternalPython
{
    /// <summary>Debian's interpreter: the first python3 on PATH may be a pyenv one without Debian's python3-onnx.</summary>
    public const string Interpreter = "/usr/bin/python3";

    private static readonly Lazy<string?> Problem = new(() =>
    {
        if (!File.Exists(Interpreter)) return $"{Interpreter} not found (install Debian's python3-onnx: make deps)";
        var (code, _, err) = Run(["-c", "import onnx, numpy"], TimeSpan.FromSeconds(60));
        return code == 0 ? null : $"python3-onnx is not importable by {Interpreter} (make deps): {err.Trim()}";
    });

    public static string? WhyUnavailable => Problem.Value;

    public static (int Code, string Out, string Err) Run(IEnumerable<string> args, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(Interpreter) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Interpreter} did not finish within {timeout}.");
        }
        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}

/// <summary>A theory that is skipped, with the reason, when Debian's python3-onnx is unavailable.</summary>
public sealed class RequiresPythonOnnxTheoryAttribute : TheoryAttribute
{
    public RequiresPythonOnnxTheoryAttribute()
    {
        if (ExternalPython.WhyUnavailable is { } why) Skip = why;
    }
}

/// <summary>A fact that is skipped, with the reason, when Debian's python3-onnx is unavailable.</summary>
public sealed class RequiresPythonOnnxFactAttribute : FactAttribute
{
    public RequiresPythonOnnxFactAttribute()
    {
        if (ExternalPython.WhyUnavailable is { } why) Skip = why;
    }
}
