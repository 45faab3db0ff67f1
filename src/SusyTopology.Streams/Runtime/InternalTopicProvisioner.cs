namespace SusyTopology.Streams.Runtime;

/// <summary>
/// Works out the internal topics of a topology and has them created before any client touches them: a repartition
/// topic gets its declared partition count or that of the sub-topology writing to it; a changelog gets as many
/// partitions as its sub-topology has tasks. Existing topics with another partition count are an error, since
/// tasks would silently miss partitions.
/// </summary>
public static class InternalTopicProvisioner
{
    public static IReadOnlyDictionary<string, int> Provision(TopologyMetadata metadata, IInternalTopicManager manager)
    {
        var internalTopics = metadata.RepartitionTopics.Select(r => r.Name)
            .Concat(metadata.Subtopologies.SelectMany(s => s.ChangelogTopics)).ToHashSet(StringComparer.Ordinal);
        var external = metadata.Subtopologies.SelectMany(s => s.SourceTopics).Concat(metadata.GlobalTopics)
            .Where(t => !internalTopics.Contains(t)).Distinct().ToList();
        var existing = manager.PartitionCounts(external.Concat(internalTopics).ToList());
        var missing = external.Where(t => !existing.ContainsKey(t)).ToList();
        if (missing.Count > 0)
            throw new StreamsException($"Source topics {string.Join(", ", missing)} do not exist: create them before starting.");

        var partitions = new Dictionary<string, int>(existing, StringComparer.Ordinal);
        foreach (var repartition in metadata.RepartitionTopics)
            if (repartition.Partitions is { } declared) partitions[repartition.Name] = declared;
        // Repartition topics without a declared count take their writer's task count; writers may read other
        // repartition topics, so iterate until nothing changes.
        var required = new Dictionary<string, InternalTopicSpec>(StringComparer.Ordinal);
        foreach (var repartition in metadata.RepartitionTopics.Where(r => r.Partitions is not null))
            required[repartition.Name] = new InternalTopicSpec(repartition.Name, repartition.Partitions!.Value, Compacted: false);
        for (var changed = true; changed;)
        {
            changed = false;
            foreach (var repartition in metadata.RepartitionTopics.Where(r => !required.ContainsKey(r.Name)))
            {
                var writer = metadata.Subtopologies.FirstOrDefault(s => s.RepartitionSinkTopics.Contains(repartition.Name));
                if (writer is null || writer.SourceTopics.Any(t => !partitions.ContainsKey(t))) continue;
                var count = writer.SourceTopics.Max(t => partitions[t]);
                required[repartition.Name] = new InternalTopicSpec(repartition.Name, count, Compacted: false);
                partitions[repartition.Name] = count;
                changed = true;
            }
        }
        var unresolved = metadata.RepartitionTopics.Where(r => !required.ContainsKey(r.Name)).Select(r => r.Name).ToList();
        if (unresolved.Count > 0)
            throw new StreamsException($"Cannot infer the partition count of repartition topics {string.Join(", ", unresolved)}.");
        foreach (var subtopology in metadata.Subtopologies)
        {
            var tasks = subtopology.SourceTopics.Max(t => partitions[t]);
            foreach (var changelog in subtopology.ChangelogTopics)
                required[changelog] = new InternalTopicSpec(changelog, tasks, Compacted: true);
        }

        var mismatched = required.Values.Where(s => existing.TryGetValue(s.Name, out var n) && n != s.Partitions)
            .Select(s => $"{s.Name} has {existing[s.Name]} partitions, needs {s.Partitions}").ToList();
        if (mismatched.Count > 0)
            throw new StreamsException("Internal topics exist with the wrong partition count: " + string.Join("; ", mismatched));
        var toCreate = required.Values.Where(s => !existing.ContainsKey(s.Name)).ToList();
        if (toCreate.Count > 0) manager.CreateTopics(toCreate);
        foreach (var spec in required.Values) partitions[spec.Name] = spec.Partitions;
        return partitions;
    }
}
