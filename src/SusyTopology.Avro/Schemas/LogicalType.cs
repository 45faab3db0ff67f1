namespace SusyTopology.Avro.Schemas;

/// <summary>
/// A logical type annotation: its name as written, the kind the codec converts (None when the annotation is unknown
/// or invalid for its underlying type, which the specification says to ignore) and, for decimal, precision and scale.
/// </summary>
public sealed record LogicalType(string Name, LogicalTypeKind Kind, int Precision = 0, int Scale = 0);
