using System.Text.Json;
using System.Text.Json.Nodes;

namespace SusyTopology.Avro.Schemas;

/// <summary>
/// Parses schema JSON per the Avro 1.11 specification: primitive names, named types with namespaces inherited from
/// the enclosing name, references to earlier-defined named types, aliases, defaults and logical types.
/// </summary>
public static class SchemaParser
{
    private static readonly HashSet<string> RecordAttributes = ["type", "name", "namespace", "doc", "aliases", "fields"];
    private static readonly HashSet<string> EnumAttributes = ["type", "name", "namespace", "doc", "aliases", "symbols", "default"];
    private static readonly HashSet<string> FixedAttributes = ["type", "name", "namespace", "doc", "aliases", "size", "logicalType", "precision", "scale"];
    private static readonly HashSet<string> FieldAttributes = ["name", "type", "doc", "default", "order", "aliases"];

    public static AvroSchema Parse(string json)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json);
        }
        catch (JsonException e)
        {
            throw new AvroSchemaParseException($"schema is not valid JSON: {e.Message}", e);
        }
        return Parse(root, new Dictionary<string, NamedSchema>(StringComparer.Ordinal));
    }

    /// <summary>Parses with already-known named types (schema references), which new definitions are added to.</summary>
    public static AvroSchema Parse(JsonNode? root, IDictionary<string, NamedSchema> knownTypes) =>
        ParseNode(root, "", knownTypes);

    public static bool IsValidName(string name)
    {
        if (name.Length == 0 || !(char.IsAsciiLetter(name[0]) || name[0] == '_'))
            return false;
        foreach (var c in name)
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_'))
                return false;
        return true;
    }

    private static AvroSchema ParseNode(JsonNode? node, string enclosingNamespace, IDictionary<string, NamedSchema> names)
    {
        switch (node)
        {
            case JsonValue value when value.TryGetValue<string>(out var name):
                return ParseTypeName(name, enclosingNamespace, names);
            case JsonArray array:
                return new UnionSchema(array.Select(b => ParseNode(b, enclosingNamespace, names)).ToList());
            case JsonObject obj:
                return ParseObject(obj, enclosingNamespace, names);
            default:
                throw new AvroSchemaParseException($"not a schema: {node?.ToJsonString() ?? "null"}");
        }
    }

    private static AvroSchema ParseTypeName(string name, string enclosingNamespace, IDictionary<string, NamedSchema> names)
    {
        if (TryPrimitive(name, out var type))
            return PrimitiveSchema.ForType(type);
        var full = SchemaName.Resolve(name, null, enclosingNamespace).FullName;
        if (names.TryGetValue(full, out var named))
            return named;
        // A dotless name in the null namespace may also be referenced from inside a namespace (Java does the same).
        if (names.TryGetValue(name, out named))
            return named;
        throw new AvroSchemaParseException($"unknown type '{name}' (namespace '{enclosingNamespace}')");
    }

    private static bool TryPrimitive(string name, out SchemaType type)
    {
        type = name switch
        {
            "null" => SchemaType.Null,
            "boolean" => SchemaType.Boolean,
            "int" => SchemaType.Int,
            "long" => SchemaType.Long,
            "float" => SchemaType.Float,
            "double" => SchemaType.Double,
            "bytes" => SchemaType.Bytes,
            "string" => SchemaType.String,
            _ => (SchemaType)(-1),
        };
        return (int)type >= 0;
    }

    private static AvroSchema ParseObject(JsonObject obj, string enclosingNamespace, IDictionary<string, NamedSchema> names)
    {
        var typeNode = obj["type"] ?? throw new AvroSchemaParseException($"schema object without 'type': {obj.ToJsonString()}");
        if (typeNode is not JsonValue typeValue || !typeValue.TryGetValue<string>(out var type))
            // {"type": {...}} or {"type": [...]}: the object only wraps another schema.
            return ParseNode(typeNode, enclosingNamespace, names);

        switch (type)
        {
            case "record":
            case "error":
                return ParseRecord(obj, enclosingNamespace, names);
            case "enum":
                return ParseEnum(obj, enclosingNamespace, names);
            case "fixed":
                return ParseFixed(obj, enclosingNamespace, names);
            case "array":
                return new ArraySchema(ParseNode(Required(obj, "items"), enclosingNamespace, names), ExtraProperties(obj, ["type", "items"]));
            case "map":
                return new MapSchema(ParseNode(Required(obj, "values"), enclosingNamespace, names), ExtraProperties(obj, ["type", "values"]));
            default:
                if (TryPrimitive(type, out var primitive))
                {
                    var logical = ParseLogicalType(obj, primitive, fixedSize: 0);
                    var extra = ExtraProperties(obj, ["type", "logicalType", "precision", "scale"]);
                    return logical is null && extra.Count == 0 ? PrimitiveSchema.ForType(primitive) : new PrimitiveSchema(primitive, logical, extra);
                }
                // {"type": "SomeNamedType"}
                return ParseTypeName(type, enclosingNamespace, names);
        }
    }

    private static RecordSchema ParseRecord(JsonObject obj, string enclosingNamespace, IDictionary<string, NamedSchema> names)
    {
        var name = ParseName(obj, enclosingNamespace);
        var record = new RecordSchema(name, OptionalString(obj, "doc"), ParseAliases(obj, name.Namespace), ExtraProperties(obj, RecordAttributes));
        Define(record, names);
        if (Required(obj, "fields") is not JsonArray fieldsNode)
            throw new AvroSchemaParseException($"record {name.FullName}: 'fields' must be an array");
        var fields = new List<RecordField>(fieldsNode.Count);
        foreach (var fieldNode in fieldsNode)
        {
            if (fieldNode is not JsonObject field)
                throw new AvroSchemaParseException($"record {name.FullName}: a field must be an object");
            var fieldName = RequiredString(field, "name");
            if (!IsValidName(fieldName))
                throw new AvroSchemaParseException($"record {name.FullName}: invalid field name '{fieldName}'");
            var fieldSchema = ParseNode(Required(field, "type"), name.Namespace, names);
            var hasDefault = field.ContainsKey("default");
            var order = OptionalString(field, "order") switch
            {
                null or "ascending" => FieldOrder.Ascending,
                "descending" => FieldOrder.Descending,
                "ignore" => FieldOrder.Ignore,
                var other => throw new AvroSchemaParseException($"field {name.FullName}.{fieldName}: invalid order '{other}'"),
            };
            var aliases = field["aliases"] is JsonArray a ? a.Select(x => x?.GetValue<string>() ?? "").ToList() : null;
            fields.Add(new RecordField(fieldName, fieldSchema, fields.Count, OptionalString(field, "doc"),
                field["default"]?.DeepClone(), hasDefault, order, aliases, ExtraProperties(field, FieldAttributes)));
        }
        record.SetFields(fields);
        return record;
    }

    private static EnumSchema ParseEnum(JsonObject obj, string enclosingNamespace, IDictionary<string, NamedSchema> names)
    {
        var name = ParseName(obj, enclosingNamespace);
        if (Required(obj, "symbols") is not JsonArray symbolsNode)
            throw new AvroSchemaParseException($"enum {name.FullName}: 'symbols' must be an array");
        var symbols = symbolsNode.Select(s => s is JsonValue v && v.TryGetValue<string>(out var str)
            ? str : throw new AvroSchemaParseException($"enum {name.FullName}: symbols must be strings")).ToList();
        var schema = new EnumSchema(name, symbols, OptionalString(obj, "default"), OptionalString(obj, "doc"),
            ParseAliases(obj, name.Namespace), ExtraProperties(obj, EnumAttributes));
        Define(schema, names);
        return schema;
    }

    private static FixedSchema ParseFixed(JsonObject obj, string enclosingNamespace, IDictionary<string, NamedSchema> names)
    {
        var name = ParseName(obj, enclosingNamespace);
        var sizeNode = Required(obj, "size");
        if (sizeNode is not JsonValue sizeValue || !sizeValue.TryGetValue<int>(out var size))
            throw new AvroSchemaParseException($"fixed {name.FullName}: 'size' must be an integer");
        var schema = new FixedSchema(name, size, ParseLogicalType(obj, SchemaType.Fixed, size), OptionalString(obj, "doc"),
            ParseAliases(obj, name.Namespace), ExtraProperties(obj, FixedAttributes));
        Define(schema, names);
        return schema;
    }

    private static LogicalType? ParseLogicalType(JsonObject obj, SchemaType underlying, int fixedSize)
    {
        var name = OptionalString(obj, "logicalType");
        if (name is null)
            return null;
        var kind = (name, underlying) switch
        {
            ("decimal", SchemaType.Bytes or SchemaType.Fixed) => LogicalTypeKind.Decimal,
            ("uuid", SchemaType.String) => LogicalTypeKind.Uuid,
            ("date", SchemaType.Int) => LogicalTypeKind.Date,
            ("time-millis", SchemaType.Int) => LogicalTypeKind.TimeMillis,
            ("time-micros", SchemaType.Long) => LogicalTypeKind.TimeMicros,
            ("timestamp-millis", SchemaType.Long) => LogicalTypeKind.TimestampMillis,
            ("timestamp-micros", SchemaType.Long) => LogicalTypeKind.TimestampMicros,
            ("local-timestamp-millis", SchemaType.Long) => LogicalTypeKind.LocalTimestampMillis,
            ("local-timestamp-micros", SchemaType.Long) => LogicalTypeKind.LocalTimestampMicros,
            _ => LogicalTypeKind.None,
        };
        if (kind != LogicalTypeKind.Decimal)
            return new LogicalType(name, kind);
        // An invalid decimal (bad precision/scale) is ignored, as the specification requires.
        var precision = obj["precision"] is JsonValue p && p.TryGetValue<int>(out var pv) ? pv : -1;
        var scale = obj["scale"] is null ? 0 : obj["scale"] is JsonValue s && s.TryGetValue<int>(out var sv) ? sv : -1;
        var maxPrecision = underlying == SchemaType.Fixed
            ? (int)Math.Floor(Math.Log10(2) * (8.0 * fixedSize - 1))
            : int.MaxValue;
        var valid = precision > 0 && scale >= 0 && scale <= precision && precision <= maxPrecision;
        return valid ? new LogicalType(name, LogicalTypeKind.Decimal, precision, scale) : new LogicalType(name, LogicalTypeKind.None, Math.Max(precision, 0), Math.Max(scale, 0));
    }

    private static SchemaName ParseName(JsonObject obj, string enclosingNamespace)
    {
        var raw = RequiredString(obj, "name");
        var ns = obj["namespace"] is null ? null : OptionalString(obj, "namespace");
        var name = SchemaName.Resolve(raw, ns, enclosingNamespace);
        if (!IsValidName(name.Name) || (name.Namespace.Length > 0 && !name.Namespace.Split('.').All(IsValidName)))
            throw new AvroSchemaParseException($"invalid name '{name.FullName}'");
        if (name.Namespace.Length == 0 && TryPrimitive(name.Name, out _))
            throw new AvroSchemaParseException($"'{name.Name}' is a primitive type and cannot name a type");
        return name;
    }

    private static List<SchemaName>? ParseAliases(JsonObject obj, string ns)
    {
        if (obj["aliases"] is not JsonArray aliases)
            return null;
        return aliases.Select(a => a is JsonValue v && v.TryGetValue<string>(out var s)
            ? SchemaName.Resolve(s, null, ns) : throw new AvroSchemaParseException("aliases must be strings")).ToList();
    }

    private static void Define(NamedSchema schema, IDictionary<string, NamedSchema> names)
    {
        if (names.ContainsKey(schema.FullName))
            throw new AvroSchemaParseException($"type '{schema.FullName}' is defined twice");
        names[schema.FullName] = schema;
    }

    private static JsonNode Required(JsonObject obj, string key) =>
        obj[key] ?? throw new AvroSchemaParseException($"missing '{key}' in {obj.ToJsonString()}");

    private static string RequiredString(JsonObject obj, string key) =>
        OptionalString(obj, key) ?? throw new AvroSchemaParseException($"missing '{key}' in {obj.ToJsonString()}");

    private static string? OptionalString(JsonObject obj, string key) => obj[key] switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        var other => throw new AvroSchemaParseException($"'{key}' must be a string, not {other.ToJsonString()}"),
    };

    private static Dictionary<string, JsonNode?> ExtraProperties(JsonObject obj, IReadOnlySet<string> known)
    {
        var extra = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var (key, value) in obj)
            if (!known.Contains(key))
                extra[key] = value?.DeepClone();
        return extra;
    }

    private static Dictionary<string, JsonNode?> ExtraProperties(JsonObject obj, string[] known) =>
        ExtraProperties(obj, (IReadOnlySet<string>)known.ToHashSet(StringComparer.Ordinal));
}
