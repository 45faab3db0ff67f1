namespace SusyTopology.NativePatch;

/// <summary>
/// One symbol-version requirement of an ELF object (an <c>Elf64_Vernaux</c> of <c>.gnu.version_r</c>): the library
/// it is needed from, the version name, its flags and where its flags field sits in the file.
/// </summary>
public sealed record ElfVersionNeed(string File, string Version, ushort Flags, long FlagsOffset)
{
    /// <summary><c>VER_FLG_WEAK</c>: the dynamic loader does not fail when the version is missing.</summary>
    public const ushort WeakFlag = 0x2;

    public bool IsWeak => (Flags & WeakFlag) != 0;
}
