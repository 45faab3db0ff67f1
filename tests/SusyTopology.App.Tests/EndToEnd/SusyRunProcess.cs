using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using SusyTopology.App.Configuration;
using SusyTopology.App.Running;

namespace SusyTopology.App.Tests.EndToEnd;

/// <summary>
/// A real `susy run` process (the app's own binary, beside the tests) on an embedded stack, with the partitions it owns
/// as its <see cref="AssignmentLog"/> lines report them, when each was assigned, and its Prometheus metrics.
/// </summary>
internal sealed partial class SusyRunProcess : IDisposable
{
    private readonly Process _process;
    private readonly Lock _gate = new();
    private readonly List<string> _lines = [];
    private readonly HashSet<string> _owned = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _assignedAt = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private Uri? _metrics;

    private SusyRunProcess(string name, Process process, TimeProvider time)
    {
        Name = name;
        _process = process;
        _time = time;
    }

    public string Name { get; }
    public bool HasExited => _process.HasExited;

    /// <param name="environment">Settings on top of the embedded profile's, as SUSY_ variables (e.g. SUSY_Streams__StateDir).</param>
    /// <param name="arguments">More `susy run` options; without any it runs until killed and skips the final evaluation.</param>
    public static SusyRunProcess Start(string name, EmbeddedAppStack stack, IReadOnlyDictionary<string, string> environment, TimeProvider time,
        params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            // Port 0: two instances on one machine cannot both have the default metrics port.
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "susy.dll"), "run", "--metrics-port", "0" },
            WorkingDirectory = Directory.CreateTempSubdirectory($"susy-{name}-cwd-").FullName,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["KAFKA_BOOTSTRAP_SERVERS"] = stack.Kafka.BootstrapServers;
        start.Environment["SCHEMA_REGISTRY_URL"] = stack.Kafka.SchemaRegistryUrl;
        start.Environment[SusyConfiguration.ProfileVariable] = SusyConfiguration.EmbeddedProfile;
        start.Environment["SUSY_CLUSTER_ENV"] = Path.Combine(start.WorkingDirectory, "none.env");
        foreach (var (key, value) in environment) start.Environment[key] = value;
        if (arguments.Length == 0) start.ArgumentList.Add("--no-evaluate");
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start susy run ({name})");
        var run = new SusyRunProcess(name, process, time);
        process.OutputDataReceived += (_, e) => run.Received(e.Data);
        process.ErrorDataReceived += (_, e) => run.Received(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return run;
    }

    /// <summary>Partitions as <c>topic[partition]</c>, e.g. <c>susy-events[2]</c>.</summary>
    public IReadOnlySet<string> Owned()
    {
        lock (_gate) return new HashSet<string>(_owned, StringComparer.Ordinal);
    }

    public bool Owns(string topic, int partition)
    {
        lock (_gate) return _owned.Contains(Partition(topic, partition));
    }

    public bool OwnsAny(string topic)
    {
        lock (_gate) return _owned.Any(p => p.StartsWith(topic + "[", StringComparison.Ordinal));
    }

    /// <summary>When this process last got the partition (as its log line arrived), if it did.</summary>
    public DateTimeOffset? AssignedAt(string topic, int partition)
    {
        lock (_gate) return _assignedAt.TryGetValue(Partition(topic, partition), out var at) ? at : null;
    }

    /// <summary>
    /// The sum of a metric's series as the process's metrics endpoint serves it now, e.g. <c>susy_trained_total</c>;
    /// 0 if it has none yet (a counter is exported from its first increment on).
    /// </summary>
    public async Task<double> MetricAsync(string name)
    {
        Uri url;
        lock (_gate) url = _metrics ?? throw new InvalidOperationException($"susy run ({Name}) has not logged its metrics URL yet");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var text = await http.GetStringAsync(url);
        return text.Split('\n')
            .Where(line => line.StartsWith(name + "{", StringComparison.Ordinal) || line.StartsWith(name + " ", StringComparison.Ordinal))
            .Sum(line => double.Parse(line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture));
    }

    public IReadOnlyList<string> Lines()
    {
        lock (_gate) return [.. _lines];
    }

    /// <summary>SIGKILL: no commit, no close, no leave-group; the group notices only when the session times out.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>Waits for the process to exit by itself; past <paramref name="limit"/> it is killed and the answer is false.</summary>
    public async Task<bool> ExitsWithinAsync(TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            await KillAsync();
            return false;
        }
    }

    public int ExitCode => _process.ExitCode;

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }

    public static string Partition(string topic, int partition) => $"{topic}[{partition}]";

    private void Received(string? line)
    {
        if (line == null) return;
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            _lines.Add(line);
            if (MetricsLine().Match(line) is { Success: true } metrics) _metrics = new Uri(metrics.Groups["url"].Value);
            var change = AssignmentLine().Match(line);
            if (!change.Success) return;
            var assigned = change.Groups["change"].Value == "assigned to";
            foreach (Match topic in TopicPartitions().Matches(change.Groups["partitions"].Value))
                foreach (var p in topic.Groups["partitions"].Value.Split(','))
                {
                    var partition = $"{topic.Groups["topic"].Value}[{p}]";
                    if (!assigned) _owned.Remove(partition);
                    else if (_owned.Add(partition)) _assignedAt[partition] = now;
                }
        }
    }

    [GeneratedRegex(@"Prometheus metrics at (?<url>http://\S+)")]
    private static partial Regex MetricsLine();

    [GeneratedRegex(@"Partitions (?<change>assigned to|revoked from|lost by) \S+: (?<partitions>.*)$")]
    private static partial Regex AssignmentLine();

    [GeneratedRegex(@"(?<topic>[^\s\[]+)\[(?<partitions>[0-9,]+)\]")]
    private static partial Regex TopicPartitions();
}
