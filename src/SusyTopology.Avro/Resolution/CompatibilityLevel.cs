namespace SusyTopology.Avro.Resolution;

/// <summary>Schema Registry compatibility levels (Confluent's names, as they appear in the REST API).</summary>
public enum CompatibilityLevel
{
    None,
    Backward,
    BackwardTransitive,
    Forward,
    ForwardTransitive,
    Full,
    FullTransitive,
}

/// <summary>Checks a new schema against a subject's existing versions at a compatibility level.</summary>
public static class CompatibilityLevels
{
    public static string ToWireName(this CompatibilityLevel level) => level switch
    {
        CompatibilityLevel.None => "NONE",
        CompatibilityLevel.Backward => "BACKWARD",
        CompatibilityLevel.BackwardTransitive => "BACKWARD_TRANSITIVE",
        CompatibilityLevel.Forward => "FORWARD",
        CompatibilityLevel.ForwardTransitive => "FORWARD_TRANSITIVE",
        CompatibilityLevel.Full => "FULL",
        CompatibilityLevel.FullTransitive => "FULL_TRANSITIVE",
        _ => throw new ArgumentOutOfRangeException(nameof(level)),
    };

    public static bool TryParse(string? name, out CompatibilityLevel level)
    {
        level = name?.ToUpperInvariant() switch
        {
            "NONE" => CompatibilityLevel.None,
            "BACKWARD" => CompatibilityLevel.Backward,
            "BACKWARD_TRANSITIVE" => CompatibilityLevel.BackwardTransitive,
            "FORWARD" => CompatibilityLevel.Forward,
            "FORWARD_TRANSITIVE" => CompatibilityLevel.ForwardTransitive,
            "FULL" => CompatibilityLevel.Full,
            "FULL_TRANSITIVE" => CompatibilityLevel.FullTransitive,
            _ => (CompatibilityLevel)(-1),
        };
        return (int)level >= 0;
    }

    /// <summary>
    /// The reasons <paramref name="candidate"/> may not follow <paramref name="existing"/> (oldest first) at
    /// <paramref name="level"/>: BACKWARD = the new schema reads data written with the latest one, FORWARD = the
    /// latest reads data written with the new one, FULL = both; *_TRANSITIVE checks all versions, not just the latest.
    /// An empty list means compatible.
    /// </summary>
    public static IReadOnlyList<string> Check(CompatibilityLevel level, Schemas.AvroSchema candidate, IReadOnlyList<Schemas.AvroSchema> existing)
    {
        var messages = new List<string>();
        if (level == CompatibilityLevel.None || existing.Count == 0)
            return messages;
        var transitive = level is CompatibilityLevel.BackwardTransitive or CompatibilityLevel.ForwardTransitive or CompatibilityLevel.FullTransitive;
        var backward = level is CompatibilityLevel.Backward or CompatibilityLevel.BackwardTransitive or CompatibilityLevel.Full or CompatibilityLevel.FullTransitive;
        var forward = level is CompatibilityLevel.Forward or CompatibilityLevel.ForwardTransitive or CompatibilityLevel.Full or CompatibilityLevel.FullTransitive;
        var against = transitive ? existing : [existing[^1]];
        foreach (var old in against)
        {
            if (backward && SchemaCompatibility.Incompatibility(candidate, old) is { } b)
                messages.Add($"new schema cannot read data written with an existing one: {b}");
            if (forward && SchemaCompatibility.Incompatibility(old, candidate) is { } f)
                messages.Add($"an existing schema cannot read data written with the new one: {f}");
        }
        return messages;
    }
}
