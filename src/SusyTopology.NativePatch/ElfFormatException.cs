namespace SusyTopology.NativePatch;

/// <summary>The bytes are not a 64-bit little-endian ELF object this patcher can read, or are truncated.</summary>
public sealed class ElfFormatException(string message) : Exception(message);
