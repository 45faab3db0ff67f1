namespace SusyTopology.Kafka.Tests;

public class ClusterEnvFileTests
{
    [Fact]
    public void Round_trips_values_and_ignores_comments_and_blank_lines()
    {
        var dir = Directory.CreateTempSubdirectory();
        var path = Path.Combine(dir.FullName, ".susy", "cluster.env");
        ClusterEnvFile.Write(path, new Dictionary<string, string>
        {
            [ClusterEnvFile.BootstrapKey] = "127.0.0.1:39092,127.0.0.1:39093",
            [ClusterEnvFile.SchemaRegistryKey] = "http://127.0.0.1:8081",
        });
        File.AppendAllText(path, "\n# a comment\n\nnot-a-pair\n");
        var values = ClusterEnvFile.Read(path);
        Assert.Equal("127.0.0.1:39092,127.0.0.1:39093", values[ClusterEnvFile.BootstrapKey]);
        Assert.Equal("http://127.0.0.1:8081", values[ClusterEnvFile.SchemaRegistryKey]);
        Assert.Equal(2, values.Count);
        dir.Delete(recursive: true);
    }

    [Fact]
    public void A_missing_file_reads_as_empty() =>
        Assert.Empty(ClusterEnvFile.Read(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "cluster.env")));
}
