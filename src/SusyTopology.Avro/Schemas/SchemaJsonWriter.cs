using System.Text.Json.Nodes;

namespace SusyTopology.Avro.Schemas;

/// <summary>
/// The full JSON form of a schema: everything the parser read (docs, defaults, aliases, order, logical types,
/// extra properties), with each named type spelled out once and referenced by name afterwards.
/// </summary>
internal static class SchemaJsonWriter
{
    public static string Write(AvroSchema schema) => ToNode(schema, "", new HashSet<string>(StringComparer.Ordinal)).ToJsonString();

    private static JsonNode ToNode(AvroSchema schema, string enclosingNamespace, HashSet<string> defined)
    {
        switch (schema)
        {
            case PrimitiveSchema p when p.LogicalType is null && p.Properties.Count == 0:
                return JsonValue.Create(p.Name);
            case PrimitiveSchema p:
                {
                    var obj = new JsonObject { ["type"] = p.Name };
                    AddLogical(obj, p.LogicalType);
                    AddProperties(obj, p.Properties);
                    return obj;
                }
            case NamedSchema named when !defined.Add(named.FullName):
                return JsonValue.Create(named.Namespace == enclosingNamespace ? named.Name : named.FullName);
            case RecordSchema record:
                {
                    var obj = NamedHeader(record, "record", enclosingNamespace);
                    var fields = new JsonArray();
                    foreach (var field in record.Fields)
                    {
                        var f = new JsonObject { ["name"] = field.Name, ["type"] = ToNode(field.Schema, record.Namespace, defined) };
                        if (field.Doc is not null) f["doc"] = field.Doc;
                        if (field.HasDefault) f["default"] = field.DefaultValue?.DeepClone();
                        if (field.Order != FieldOrder.Ascending) f["order"] = field.Order.ToString().ToLowerInvariant();
                        if (field.Aliases.Count > 0) f["aliases"] = new JsonArray(field.Aliases.Select(a => (JsonNode?)JsonValue.Create(a)).ToArray());
                        AddProperties(f, field.Properties);
                        fields.Add(f);
                    }
                    obj["fields"] = fields;
                    AddProperties(obj, record.Properties);
                    return obj;
                }
            case EnumSchema e:
                {
                    var obj = NamedHeader(e, "enum", enclosingNamespace);
                    obj["symbols"] = new JsonArray(e.Symbols.Select(s => (JsonNode?)JsonValue.Create(s)).ToArray());
                    if (e.Default is not null) obj["default"] = e.Default;
                    AddProperties(obj, e.Properties);
                    return obj;
                }
            case FixedSchema f:
                {
                    var obj = NamedHeader(f, "fixed", enclosingNamespace);
                    obj["size"] = f.Size;
                    AddLogical(obj, f.LogicalType);
                    AddProperties(obj, f.Properties);
                    return obj;
                }
            case ArraySchema a:
                {
                    var obj = new JsonObject { ["type"] = "array", ["items"] = ToNode(a.Items, enclosingNamespace, defined) };
                    AddProperties(obj, a.Properties);
                    return obj;
                }
            case MapSchema m:
                {
                    var obj = new JsonObject { ["type"] = "map", ["values"] = ToNode(m.Values, enclosingNamespace, defined) };
                    AddProperties(obj, m.Properties);
                    return obj;
                }
            case UnionSchema u:
                return new JsonArray(u.Branches.Select(b => (JsonNode?)ToNode(b, enclosingNamespace, defined)).ToArray());
            default:
                throw new ArgumentOutOfRangeException(nameof(schema), schema.Type, "unknown schema type");
        }
    }

    private static JsonObject NamedHeader(NamedSchema schema, string type, string enclosingNamespace)
    {
        var obj = new JsonObject { ["type"] = type, ["name"] = schema.Name };
        if (schema.Namespace != enclosingNamespace)
            obj["namespace"] = schema.Namespace;
        if (schema.Doc is not null)
            obj["doc"] = schema.Doc;
        if (schema.Aliases.Count > 0)
            obj["aliases"] = new JsonArray(schema.Aliases.Select(a => (JsonNode?)JsonValue.Create(a.FullName)).ToArray());
        return obj;
    }

    private static void AddLogical(JsonObject obj, LogicalType? logical)
    {
        if (logical is null)
            return;
        obj["logicalType"] = logical.Name;
        if (logical.Name == "decimal")
        {
            obj["precision"] = logical.Precision;
            obj["scale"] = logical.Scale;
        }
    }

    private static void AddProperties(JsonObject obj, IReadOnlyDictionary<string, JsonNode?> properties)
    {
        foreach (var (key, value) in properties)
            obj[key] = value?.DeepClone();
    }
}
