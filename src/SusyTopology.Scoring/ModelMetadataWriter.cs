using System.Text;

namespace SusyTopology.Scoring;

/// <summary>
/// Adds a <c>metadata_props</c> entry to a serialized ONNX <c>ModelProto</c> without parsing it: protobuf merges
/// concatenated messages and appends repeated fields, so one encoded field 14 (<c>StringStringEntryProto</c>) after
/// the model's bytes is the same model with one more entry.
/// </summary>
public static class ModelMetadataWriter
{
    private const int MetadataPropsField = 14;

    public static byte[] WithEntry(byte[] model, string key, string value)
    {
        using var entry = new MemoryStream();
        WriteBytesField(entry, 1, Encoding.UTF8.GetBytes(key));
        WriteBytesField(entry, 2, Encoding.UTF8.GetBytes(value));
        using var output = new MemoryStream(model.Length + (int)entry.Length + 8);
        output.Write(model);
        WriteBytesField(output, MetadataPropsField, entry.ToArray());
        return output.ToArray();
    }

    private static void WriteBytesField(Stream stream, int field, byte[] payload)
    {
        WriteVarint(stream, ((ulong)field << 3) | 2); // wire type 2: length-delimited
        WriteVarint(stream, (ulong)payload.Length);
        stream.Write(payload);
    }

    private static void WriteVarint(Stream stream, ulong value)
    {
        while (value >= 0x80)
        {
            stream.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }
        stream.WriteByte((byte)value);
    }
}
