using System.Text.Json.Nodes;

namespace SusyTopology.Avro.Schemas;

/// <summary>null, boolean, int, long, float, double, bytes or string, possibly annotated with a logical type.</summary>
public sealed class PrimitiveSchema : AvroSchema
{
    public static readonly PrimitiveSchema Null = new(SchemaType.Null);
    public static readonly PrimitiveSchema Boolean = new(SchemaType.Boolean);
    public static readonly PrimitiveSchema Int = new(SchemaType.Int);
    public static readonly PrimitiveSchema Long = new(SchemaType.Long);
    public static readonly PrimitiveSchema Float = new(SchemaType.Float);
    public static readonly PrimitiveSchema Double = new(SchemaType.Double);
    public static readonly PrimitiveSchema Bytes = new(SchemaType.Bytes);
    public static readonly PrimitiveSchema String = new(SchemaType.String);

    public PrimitiveSchema(SchemaType type, LogicalType? logicalType = null, IReadOnlyDictionary<string, JsonNode?>? properties = null)
        : base(type, properties)
    {
        if (type > SchemaType.String)
            throw new ArgumentOutOfRangeException(nameof(type), type, "not a primitive type");
        LogicalType = logicalType;
    }

    /// <summary>The logical type annotation, or null. Ignored logical types (invalid ones) are kept here with kind None.</summary>
    public LogicalType? LogicalType { get; }

    public LogicalTypeKind LogicalKind => LogicalType?.Kind ?? LogicalTypeKind.None;

    /// <summary>The primitive's name in schemas: "null", "boolean", …</summary>
    public string Name => TypeName(Type);

    public static PrimitiveSchema ForType(SchemaType type) => type switch
    {
        SchemaType.Null => Null,
        SchemaType.Boolean => Boolean,
        SchemaType.Int => Int,
        SchemaType.Long => Long,
        SchemaType.Float => Float,
        SchemaType.Double => Double,
        SchemaType.Bytes => Bytes,
        SchemaType.String => String,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "not a primitive type"),
    };

    public static string TypeName(SchemaType type) => type switch
    {
        SchemaType.Null => "null",
        SchemaType.Boolean => "boolean",
        SchemaType.Int => "int",
        SchemaType.Long => "long",
        SchemaType.Float => "float",
        SchemaType.Double => "double",
        SchemaType.Bytes => "bytes",
        SchemaType.String => "string",
        SchemaType.Record => "record",
        SchemaType.Enum => "enum",
        SchemaType.Array => "array",
        SchemaType.Map => "map",
        SchemaType.Union => "union",
        SchemaType.Fixed => "fixed",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };
}
