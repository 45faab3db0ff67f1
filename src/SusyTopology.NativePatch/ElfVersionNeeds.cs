using System.Buffers.Binary;
using System.Text;

namespace SusyTopology.NativePatch;

/// <summary>
/// Reads and patches the version-needs table (<c>SHT_GNU_verneed</c>, <c>.gnu.version_r</c>) of a 64-bit
/// little-endian ELF object — the only kind linux-x64 loads — following the layout in the System V gABI and the
/// Linux Standard Base's symbol-versioning chapter.
/// </summary>
public static class ElfVersionNeeds
{
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const int Elf64HeaderSize = 64;
    private const int Elf64SectionHeaderSize = 64;
    private static ReadOnlySpan<byte> ElfMagic => [0x7f, (byte)'E', (byte)'L', (byte)'F'];

    /// <summary>Every version requirement in file order.</summary>
    /// <exception cref="ElfFormatException">Not a readable ELF64 LE object.</exception>
    public static IReadOnlyList<ElfVersionNeed> Read(ReadOnlySpan<byte> elf)
    {
        CheckHeader(elf);
        var needs = new List<ElfVersionNeed>();
        var shoff = ReadOffset(elf, 0x28);
        var shentsize = BinaryPrimitives.ReadUInt16LittleEndian(elf[0x3A..]);
        var shnum = BinaryPrimitives.ReadUInt16LittleEndian(elf[0x3C..]);
        if (shnum == 0) return needs;
        if (shentsize != Elf64SectionHeaderSize) throw new ElfFormatException($"Section header entries of {shentsize} bytes (ELF64 has 64).");
        Need(elf, shoff + (long)shnum * shentsize, "section header table");
        for (var i = 0; i < shnum; i++)
        {
            var section = elf.Slice((int)(shoff + (long)i * shentsize), shentsize);
            if (BinaryPrimitives.ReadUInt32LittleEndian(section[4..]) != ShtGnuVerneed) continue;
            var offset = ReadOffset(section, 0x18);
            var size = ReadOffset(section, 0x20);
            var link = BinaryPrimitives.ReadUInt32LittleEndian(section[0x28..]);
            var count = BinaryPrimitives.ReadUInt32LittleEndian(section[0x2C..]);
            Need(elf, offset + size, ".gnu.version_r");
            if (link >= shnum) throw new ElfFormatException($".gnu.version_r links string table {link} of {shnum} sections.");
            var strings = elf.Slice((int)(shoff + (long)link * shentsize), shentsize);
            var stringsOffset = ReadOffset(strings, 0x18);
            var stringsSize = ReadOffset(strings, 0x20);
            Need(elf, stringsOffset + stringsSize, "version string table");
            var table = elf.Slice((int)stringsOffset, (int)stringsSize);
            ReadSection(elf, offset, size, count, table, needs);
        }
        return needs;
    }

    /// <summary>
    /// Marks the requirement of <paramref name="version"/> from <paramref name="file"/> weak in place: the loader then
    /// accepts a library lacking that version, and only symbols bound to it stay unresolved. Nothing else changes.
    /// </summary>
    /// <exception cref="ElfFormatException">Not a readable ELF64 LE object.</exception>
    public static WeakenResult MarkWeak(Span<byte> elf, string file, string version)
    {
        var matches = Read(elf).Where(n => n.File == file && n.Version == version).ToList();
        if (matches.Count == 0) return WeakenResult.NotRequired;
        if (matches.All(n => n.IsWeak)) return WeakenResult.AlreadyWeak;
        foreach (var need in matches)
            BinaryPrimitives.WriteUInt16LittleEndian(elf[(int)need.FlagsOffset..], (ushort)(need.Flags | ElfVersionNeed.WeakFlag));
        return WeakenResult.Patched;
    }

    private static void ReadSection(ReadOnlySpan<byte> elf, long offset, long size, uint count, ReadOnlySpan<byte> strings, List<ElfVersionNeed> needs)
    {
        var verneed = offset;
        for (var n = 0; n < count; n++)
        {
            CheckInside(verneed, 16, offset, size, "Elf64_Verneed");
            var entry = elf.Slice((int)verneed, 16);
            var auxCount = BinaryPrimitives.ReadUInt16LittleEndian(entry[2..]);
            var file = ReadString(strings, BinaryPrimitives.ReadUInt32LittleEndian(entry[4..]));
            var aux = verneed + BinaryPrimitives.ReadUInt32LittleEndian(entry[8..]);
            for (var a = 0; a < auxCount; a++)
            {
                CheckInside(aux, 16, offset, size, "Elf64_Vernaux");
                var vernaux = elf.Slice((int)aux, 16);
                var flags = BinaryPrimitives.ReadUInt16LittleEndian(vernaux[4..]);
                var name = ReadString(strings, BinaryPrimitives.ReadUInt32LittleEndian(vernaux[8..]));
                needs.Add(new ElfVersionNeed(file, name, flags, aux + 4));
                var nextAux = BinaryPrimitives.ReadUInt32LittleEndian(vernaux[12..]);
                if (nextAux == 0) break;
                aux += nextAux;
            }
            var next = BinaryPrimitives.ReadUInt32LittleEndian(entry[12..]);
            if (next == 0) break;
            verneed += next;
        }
    }

    private static void CheckHeader(ReadOnlySpan<byte> elf)
    {
        if (elf.Length < Elf64HeaderSize || !elf[..4].SequenceEqual(ElfMagic))
            throw new ElfFormatException("Not an ELF object (no \\x7fELF magic).");
        if (elf[4] != 2) throw new ElfFormatException($"ELF class {elf[4]}: only 64-bit objects (class 2) are supported.");
        if (elf[5] != 1) throw new ElfFormatException($"ELF data encoding {elf[5]}: only little-endian objects (1) are supported.");
    }

    private static long ReadOffset(ReadOnlySpan<byte> bytes, int at)
    {
        var value = BinaryPrimitives.ReadUInt64LittleEndian(bytes[at..]);
        return value <= int.MaxValue ? (long)value : throw new ElfFormatException($"Offset or size {value} beyond 2 GiB.");
    }

    private static void Need(ReadOnlySpan<byte> elf, long end, string what)
    {
        if (end > elf.Length) throw new ElfFormatException($"Truncated ELF object: the {what} ends at byte {end} of {elf.Length}.");
    }

    private static void CheckInside(long at, int length, long sectionOffset, long sectionSize, string what)
    {
        if (at < sectionOffset || at + length > sectionOffset + sectionSize)
            throw new ElfFormatException($"An {what} entry at byte {at} lies outside .gnu.version_r.");
    }

    private static string ReadString(ReadOnlySpan<byte> strings, uint index)
    {
        if (index >= strings.Length) throw new ElfFormatException($"String index {index} beyond the string table ({strings.Length} bytes).");
        var rest = strings[(int)index..];
        var end = rest.IndexOf((byte)0);
        if (end < 0) throw new ElfFormatException($"Unterminated string at index {index}.");
        return Encoding.ASCII.GetString(rest[..end]);
    }
}
