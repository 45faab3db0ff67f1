using System.Text;

namespace SusyTopology.Avro.Schemas;

/// <summary>
/// The CRC-64-AVRO fingerprint (the specification's "Rabin" fingerprint: polynomial-division CRC with the
/// empty-input value 0xc15d213aa4d7a795), computed over the UTF-8 bytes of a canonical form.
/// </summary>
public static class Crc64Avro
{
    public const ulong Empty = 0xc15d213aa4d7a795UL;

    private static readonly ulong[] Table = BuildTable();

    public static long Compute(string canonicalForm) => Compute(Encoding.UTF8.GetBytes(canonicalForm));

    public static long Compute(ReadOnlySpan<byte> data)
    {
        var fp = Empty;
        foreach (var b in data)
            fp = (fp >> 8) ^ Table[(int)((fp ^ b) & 0xff)];
        return unchecked((long)fp);
    }

    private static ulong[] BuildTable()
    {
        var table = new ulong[256];
        for (ulong i = 0; i < 256; i++)
        {
            var fp = i;
            for (var j = 0; j < 8; j++)
                fp = (fp >> 1) ^ (Empty & (0UL - (fp & 1)));
            table[i] = fp;
        }
        return table;
    }
}
