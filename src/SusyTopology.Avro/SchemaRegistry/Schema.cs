namespace SusyTopology.Avro.SchemaRegistry;

/// <summary>A schema as the registry holds it: its text and type ("AVRO", the only type this library decodes).</summary>
public sealed record Schema(string SchemaString, string SchemaType = "AVRO")
{
    public override string ToString() => SchemaString;
}

/// <summary>A schema registered under a subject: its global id and its version within the subject.</summary>
public sealed record RegisteredSchema(string Subject, int Version, int Id, string SchemaString, string SchemaType = "AVRO")
{
    public Schema Schema => new(SchemaString, SchemaType);
}

/// <summary>The answer of a compatibility check: whether the schema is compatible, and if not, why.</summary>
public sealed record CompatibilityCheckResult(bool IsCompatible, IReadOnlyList<string> Messages);
