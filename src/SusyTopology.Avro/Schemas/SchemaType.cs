namespace SusyTopology.Avro.Schemas;

/// <summary>The Avro 1.11 schema types.</summary>
public enum SchemaType
{
    Null,
    Boolean,
    Int,
    Long,
    Float,
    Double,
    Bytes,
    String,
    Record,
    Enum,
    Array,
    Map,
    Union,
    Fixed,
}
