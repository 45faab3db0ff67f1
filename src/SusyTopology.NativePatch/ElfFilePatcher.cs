namespace SusyTopology.NativePatch;

/// <summary>Applies <see cref="ElfVersionNeeds.MarkWeak"/> to a file.</summary>
public static class ElfFilePatcher
{
    /// <summary>
    /// Marks the requirement weak in <paramref name="path"/>. A changed file is written beside it and renamed over
    /// it, never rewritten in place: the build may have hard-linked the output to the NuGet cache's copy, which must
    /// stay as published. The file mode and modification time are kept, so an incremental build's copy step (which
    /// skips files of unchanged size and time) leaves the patched copy alone instead of copying and patching again.
    /// </summary>
    public static WeakenResult MarkWeak(string path, string file, string version)
    {
        var bytes = File.ReadAllBytes(path);
        var result = ElfVersionNeeds.MarkWeak(bytes, file, version);
        if (result != WeakenResult.Patched) return result;
        var temporary = path + ".patching";
        File.WriteAllBytes(temporary, bytes);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temporary, File.GetUnixFileMode(path));
        File.SetLastWriteTimeUtc(temporary, File.GetLastWriteTimeUtc(path));
        File.Move(temporary, path, overwrite: true);
        return result;
    }
}
