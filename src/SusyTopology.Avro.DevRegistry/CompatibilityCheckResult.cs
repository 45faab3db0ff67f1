namespace SusyTopology.Avro.DevRegistry;

/// <summary>The answer of a compatibility check: whether the schema is compatible, and if not, why.</summary>
public sealed record CompatibilityCheckResult(bool IsCompatible, IReadOnlyList<string> Messages);
