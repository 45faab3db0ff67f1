using System.Diagnostics;
using SusyTopology.Kafka.Embedded;

namespace SusyTopology.Kafka.Tests;

/// <summary>An independent Kafka client (kcat, on librdkafka but not on our code) sees the embedded cluster's topics.</summary>
public class KcatInteropTests
{
    [SkippableFact]
    public void Kcat_lists_the_embedded_clusters_topics_and_partitions()
    {
        var kcat = new[] { "/usr/bin/kcat", "/usr/local/bin/kcat" }.FirstOrDefault(File.Exists);
        Skip.If(kcat == null, "kcat is not installed (`make deps` installs it)");
        using var cluster = EmbeddedKafkaCluster.Start(new EmbeddedKafkaOptions { Topics = { ["susy-events"] = 8, ["susy-models"] = 1 } });

        var psi = new ProcessStartInfo(kcat!, ["-L", "-b", cluster.BootstrapServers, "-m", "10"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(psi)!;
        var output = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(30_000), "kcat did not finish");
        Assert.Equal(0, process.ExitCode);
        Assert.Contains("topic \"susy-events\" with 8 partitions", output);
        Assert.Contains("topic \"susy-models\" with 1 partitions", output);
    }
}
