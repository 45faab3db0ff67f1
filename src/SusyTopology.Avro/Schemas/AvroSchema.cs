using System.Text.Json.Nodes;

namespace SusyTopology.Avro.Schemas;

/// <summary>
/// A parsed Avro schema. Schemas are immutable; two schemas are equal when their Parsing Canonical Forms are equal.
/// Parse with <see cref="Parse(string)"/>; print with <see cref="ToJson"/> (full form, docs and defaults kept) or
/// <see cref="CanonicalForm"/>.
/// </summary>
public abstract class AvroSchema : IEquatable<AvroSchema>
{
    private string? _canonicalForm;
    private long? _fingerprint;

    private protected AvroSchema(SchemaType type, IReadOnlyDictionary<string, JsonNode?>? properties)
    {
        Type = type;
        Properties = properties ?? EmptyProperties;
    }

    internal static readonly IReadOnlyDictionary<string, JsonNode?> EmptyProperties = new Dictionary<string, JsonNode?>();

    public SchemaType Type { get; }

    /// <summary>Attributes the specification does not define (kept so that a schema round-trips through a registry).</summary>
    public IReadOnlyDictionary<string, JsonNode?> Properties { get; }

    /// <summary>The Parsing Canonical Form of the specification, used for equality and fingerprints.</summary>
    public string CanonicalForm => _canonicalForm ??= CanonicalFormWriter.Write(this);

    /// <summary>The CRC-64-AVRO fingerprint of the canonical form (the specification's recommended 64-bit fingerprint).</summary>
    public long Fingerprint64 => _fingerprint ??= Crc64Avro.Compute(CanonicalForm);

    /// <summary>Full JSON form, with docs, defaults, aliases, logical types and extra properties.</summary>
    public string ToJson() => SchemaJsonWriter.Write(this);

    public override string ToString() => ToJson();

    public static AvroSchema Parse(string json) => SchemaParser.Parse(json);

    public bool Equals(AvroSchema? other) =>
        other is not null && (ReferenceEquals(this, other) || CanonicalForm == other.CanonicalForm);

    public override bool Equals(object? obj) => Equals(obj as AvroSchema);

    public override int GetHashCode() => Fingerprint64.GetHashCode();
}
