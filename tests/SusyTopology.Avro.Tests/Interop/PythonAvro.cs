using System.Diagnostics;
using System.Text.Json.Nodes;

namespace SusyTopology.Avro.Tests.Interop;

/// <summary>
/// Runs Apache Avro's Python library (Debian python3-avro, for /usr/bin/python3 — not the pyenv python3 on PATH)
/// through Interop/avro_interop.py.
/// </summary>
public static class PythonAvro
{
    public const string Python = "/usr/bin/python3";

    private static readonly Lazy<string?> Unavailable = new(Probe);

    /// <summary>Null when python3-avro can be used, else why not.</summary>
    public static string? UnavailableReason => Unavailable.Value;

    private static readonly Lazy<string?> ConfluentUnavailable = new(() => UnavailableReason ?? ProbeModule("confluent_kafka.schema_registry", "python3-confluent-kafka python3-requests"));

    /// <summary>Null when Confluent's Python client (python3-confluent-kafka) can be used, else why not.</summary>
    public static string? ConfluentClientUnavailableReason => ConfluentUnavailable.Value;

    public static JsonNode Run(JsonObject request) => RunScript("avro_interop.py", request);

    /// <summary>Runs Interop/confluent_client.py against a registry URL.</summary>
    public static JsonNode RunConfluentClient(string registryUrl, JsonObject request) => RunScript("confluent_client.py", request, registryUrl);

    private static JsonNode RunScript(string script, JsonObject request, params string[] leadingArgs)
    {
        var requestPath = Path.Combine(Path.GetTempPath(), $"avro-interop-{Guid.NewGuid():N}.json");
        File.WriteAllText(requestPath, request.ToJsonString());
        try
        {
            string[] args = [Path.Combine(AppContext.BaseDirectory, "Interop", script), .. leadingArgs, requestPath];
            var (exitCode, stdout, stderr) = Exec(args);
            if (exitCode != 0)
                throw new InvalidOperationException($"python3-avro failed (exit {exitCode}): {stderr}");
            return JsonNode.Parse(stdout)!;
        }
        finally
        {
            File.Delete(requestPath);
        }
    }

    private static string? Probe() => File.Exists(Python) ? ProbeModule("avro.io", "python3-avro") : $"{Python} not found";

    private static string? ProbeModule(string module, string debianPackages)
    {
        try
        {
            var (exitCode, _, stderr) = Exec("-c", "import " + module);
            return exitCode == 0 ? null : $"{module} is not importable by {Python} (apt-get install {debianPackages}): {stderr.Trim()}";
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return $"{Python} cannot be started: {e.Message}";
        }
    }

    private static (int ExitCode, string Stdout, string Stderr) Exec(params string[] args)
    {
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        start.Environment["PYTHONIOENCODING"] = "utf-8";
        using var process = Process.Start(start)!;
        var stderrTask = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(120_000))
        {
            process.Kill();
            throw new InvalidOperationException("python3-avro timed out");
        }
        return (process.ExitCode, stdout, stderrTask.Result);
    }
}

/// <summary>A fact that is skipped, with the reason, when Confluent's Python client is not usable on this machine.</summary>
public sealed class ConfluentPythonFactAttribute : FactAttribute
{
    public ConfluentPythonFactAttribute()
    {
        if (PythonAvro.ConfluentClientUnavailableReason is { } reason)
            Skip = "Confluent Python client cross-check skipped: " + reason;
    }
}

/// <summary>A fact that is skipped, with the reason, when python3-avro is not usable on this machine.</summary>
public sealed class PythonAvroFactAttribute : FactAttribute
{
    public PythonAvroFactAttribute()
    {
        if (PythonAvro.UnavailableReason is { } reason)
            Skip = "python3-avro cross-check skipped: " + reason;
    }
}

/// <summary>A theory whose cases are skipped, with the reason, when python3-avro is not usable on this machine.</summary>
public sealed class PythonAvroTheoryAttribute : TheoryAttribute
{
    public PythonAvroTheoryAttribute()
    {
        if (PythonAvro.UnavailableReason is { } reason)
            Skip = "python3-avro cross-check skipped: " + reason;
    }
}
