using Microsoft.Extensions.Configuration;

namespace SusyTopology.Kafka.Topics;

/// <summary>
/// The topics a deployment needs and their partition counts, from the <c>Kafka:Topics</c> configuration section
/// (<c>"susy-events": 8</c>, …). The embedded cluster creates them at start; compose.yaml's init service creates the
/// same list, and a test keeps the two equal.
/// </summary>
public sealed class TopicCatalog
{
    public const string SectionName = "Kafka:Topics";

    private readonly SortedDictionary<string, int> _partitions;

    public TopicCatalog(IEnumerable<KeyValuePair<string, int>> topics)
    {
        _partitions = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var (name, partitions) in topics) Add(name, partitions);
    }

    /// <summary>Topic name → partition count, sorted by name.</summary>
    public IReadOnlyDictionary<string, int> Partitions => _partitions;

    public static TopicCatalog FromConfiguration(IConfiguration configuration)
    {
        var section = configuration.GetSection(SectionName);
        var topics = new List<KeyValuePair<string, int>>();
        foreach (var child in section.GetChildren())
        {
            if (!int.TryParse(child.Value, out var partitions))
                throw new InvalidOperationException(
                    $"Configuration '{SectionName}:{child.Key}' must be a partition count, not '{child.Value}'.");
            topics.Add(new(child.Key, partitions));
        }
        return new TopicCatalog(topics);
    }

    /// <summary>Adds a topic (e.g. an internal topic the app declares); the same name twice must agree on partitions.</summary>
    public TopicCatalog Add(string name, int partitions)
    {
        ValidateName(name);
        if (partitions < 1)
            throw new InvalidOperationException($"Topic '{name}' needs at least one partition, not {partitions}.");
        if (_partitions.TryGetValue(name, out var existing) && existing != partitions)
            throw new InvalidOperationException($"Topic '{name}' is declared with {existing} and {partitions} partitions.");
        _partitions[name] = partitions;
        return this;
    }

    /// <summary>Kafka's topic-name rules: 1–249 characters of [a-zA-Z0-9._-], not "." or "..".</summary>
    public static void ValidateName(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > 249 || name is "." or ".." ||
            !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
            throw new InvalidOperationException(
                $"'{name}' is not a valid Kafka topic name (1–249 characters of letters, digits, '.', '_' and '-').");
    }
}
