using System.Text;
using System.Text.Json;

namespace SusyTopology.Avro.Schemas;

/// <summary>
/// Parsing Canonical Form (specification §"Parsing Canonical Form for Schemas"): primitives as bare names, full
/// names, only type/name/fields/symbols/items/values/size kept in that order, no whitespace, each named type spelled
/// out once and referenced by full name afterwards.
/// </summary>
internal static class CanonicalFormWriter
{
    public static string Write(AvroSchema schema)
    {
        var builder = new StringBuilder();
        Write(schema, builder, new HashSet<string>(StringComparer.Ordinal));
        return builder.ToString();
    }

    private static void Write(AvroSchema schema, StringBuilder sb, HashSet<string> defined)
    {
        switch (schema)
        {
            case PrimitiveSchema p:
                sb.Append('"').Append(p.Name).Append('"');
                break;
            case NamedSchema named when !defined.Add(named.FullName):
                AppendString(sb, named.FullName);
                break;
            case RecordSchema record:
                sb.Append("{\"name\":");
                AppendString(sb, record.FullName);
                sb.Append(",\"type\":\"record\",\"fields\":[");
                for (var i = 0; i < record.Fields.Count; i++)
                {
                    if (i > 0) sb.Append(',');
                    sb.Append("{\"name\":");
                    AppendString(sb, record.Fields[i].Name);
                    sb.Append(",\"type\":");
                    Write(record.Fields[i].Schema, sb, defined);
                    sb.Append('}');
                }
                sb.Append("]}");
                break;
            case EnumSchema e:
                sb.Append("{\"name\":");
                AppendString(sb, e.FullName);
                sb.Append(",\"type\":\"enum\",\"symbols\":[");
                for (var i = 0; i < e.Symbols.Count; i++)
                {
                    if (i > 0) sb.Append(',');
                    AppendString(sb, e.Symbols[i]);
                }
                sb.Append("]}");
                break;
            case FixedSchema f:
                sb.Append("{\"name\":");
                AppendString(sb, f.FullName);
                sb.Append(",\"type\":\"fixed\",\"size\":").Append(f.Size).Append('}');
                break;
            case ArraySchema a:
                sb.Append("{\"type\":\"array\",\"items\":");
                Write(a.Items, sb, defined);
                sb.Append('}');
                break;
            case MapSchema m:
                sb.Append("{\"type\":\"map\",\"values\":");
                Write(m.Values, sb, defined);
                sb.Append('}');
                break;
            case UnionSchema u:
                sb.Append('[');
                for (var i = 0; i < u.Branches.Count; i++)
                {
                    if (i > 0) sb.Append(',');
                    Write(u.Branches[i], sb, defined);
                }
                sb.Append(']');
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(schema), schema.Type, "unknown schema type");
        }
    }

    // Names and symbols are restricted to [A-Za-z0-9_.], so JSON escaping never changes them; it is applied
    // anyway so that a hand-built schema with an odd name still yields valid JSON.
    private static void AppendString(StringBuilder sb, string value) => sb.Append(JsonSerializer.Serialize(value));
}
