using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using SusyTopology.Kafka.Topics;
using YamlDotNet.RepresentationModel;

namespace SusyTopology.Kafka.Tests;

/// <summary>
/// No Docker engine runs here, so compose.yaml is validated structurally: the services users rely on, pinned images,
/// ports, health checks, KRaft mode, and a topic list equal to the app's configuration.
/// </summary>
public partial class ComposeFileTests
{
    private static readonly YamlMappingNode Services = LoadServices();

    private static YamlMappingNode LoadServices()
    {
        var yaml = new YamlStream();
        using var reader = new StreamReader(Path.Combine(RepoPaths.Root, "compose.yaml"));
        yaml.Load(reader);
        return (YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode)["services"];
    }

    private static YamlMappingNode Service(string name) => (YamlMappingNode)Services[name];

    private static string Scalar(YamlMappingNode node, params string[] path)
    {
        YamlNode current = node;
        foreach (var key in path) current = ((YamlMappingNode)current)[key];
        return ((YamlScalarNode)current).Value!;
    }

    [Theory]
    [InlineData("kafka", "9092")]
    [InlineData("schema-registry", "8081")]
    [InlineData("ksqldb-server", "8088")]
    public void Services_publish_their_well_known_ports_and_have_health_checks(string service, string port)
    {
        var node = Service(service);
        var ports = ((YamlSequenceNode)node["ports"]).Select(p => ((YamlScalarNode)p).Value);
        Assert.Contains($"{port}:{port}", ports);
        Assert.True(node.Children.ContainsKey("healthcheck"), $"{service} has no healthcheck");
    }

    [Fact]
    public void Every_image_is_pinned_to_a_version()
    {
        foreach (var (name, node) in Services.Children)
        {
            var image = Scalar((YamlMappingNode)node, "image");
            var tag = image.Split(':').ElementAtOrDefault(1);
            Assert.False(string.IsNullOrEmpty(tag) || tag == "latest", $"{name}: image '{image}' is not pinned");
        }
    }

    [Fact]
    public void Kafka_runs_in_KRaft_mode_at_3_7_or_newer()
    {
        var kafka = Service("kafka");
        Assert.Equal("broker,controller", Scalar(kafka, "environment", "KAFKA_PROCESS_ROLES"));
        var version = Version.Parse(Scalar(kafka, "image").Split(':')[1]);
        Assert.True(version >= new Version(3, 7), $"Kafka {version} is older than 3.7");
        Assert.Equal("false", Scalar(kafka, "environment", "KAFKA_AUTO_CREATE_TOPICS_ENABLE"));
    }

    [Fact]
    public void KsqlDb_is_behind_the_ksql_profile()
    {
        foreach (var name in new[] { "ksqldb-server", "ksqldb-cli" })
        {
            var profiles = ((YamlSequenceNode)Service(name)["profiles"]).Select(p => ((YamlScalarNode)p).Value);
            Assert.Contains("ksql", profiles);
        }
        Assert.False(Service("kafka").Children.ContainsKey("profiles"));
    }

    [Fact]
    public void The_topic_init_service_creates_exactly_the_apps_topics_with_the_same_partitions()
    {
        var script = ((YamlScalarNode)((YamlSequenceNode)Service("topics-init")["command"])[0]).Value!;
        var created = CreateLine().Matches(script).ToDictionary(m => m.Groups["topic"].Value, m => int.Parse(m.Groups["partitions"].Value));
        var settings = Path.Combine(RepoPaths.Root, "src", "SusyTopology.App", "appsettings.json");
        var configured = TopicCatalog.FromConfiguration(new ConfigurationBuilder().AddJsonFile(settings).Build()).Partitions;
        Assert.Equal(configured.OrderBy(kv => kv.Key), created.OrderBy(kv => kv.Key));
        Assert.Contains("create susy-models 1 cleanup.policy=compact", script);
    }

    [GeneratedRegex(@"^\s*create (?<topic>[a-z][a-z0-9._-]*) (?<partitions>\d+)", RegexOptions.Multiline)]
    private static partial Regex CreateLine();
}
