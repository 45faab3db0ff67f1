namespace SusyTopology.Avro.Schemas;

/// <summary>
/// Logical types the codec converts to .NET values. An unknown or invalid logical type is, per the specification,
/// ignored: the value is read as its underlying type (<see cref="None"/>).
/// </summary>
public enum LogicalTypeKind
{
    None,
    Decimal,
    Uuid,
    Date,
    TimeMillis,
    TimeMicros,
    TimestampMillis,
    TimestampMicros,
    LocalTimestampMillis,
    LocalTimestampMicros,
}
