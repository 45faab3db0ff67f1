using System.Diagnostics;

namespace SusyTopology.NativePatch.Tests;

[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public class ElfVersionNeedsTests
{
    private static readonly string Shipped = Path.Combine(AppContext.BaseDirectory, "elf", "libLibTorchSharp.so.as-shipped");

    private static byte[] ShippedBytes() => File.ReadAllBytes(Shipped);

    [Fact]
    public void Reads_the_version_needs_of_TorchSharps_library_as_shipped()
    {
        var needs = ElfVersionNeeds.Read(ShippedBytes());
        Assert.Equal(28, needs.Count);
        var glibcxx = Assert.Single(needs, n => n.Version == "GLIBCXX_3.4.32");
        Assert.Equal("libstdc++.so.6", glibcxx.File);
        Assert.False(glibcxx.IsWeak);
        Assert.Contains(needs, n => n is { File: "libc.so.6", Version: "GLIBC_2.34" });
        Assert.Contains(needs, n => n is { File: "ld-linux-x86-64.so.2", Version: "GLIBC_2.3" });
        Assert.All(needs, n => Assert.False(n.IsWeak));
    }

    [Fact]
    public void Marking_weak_changes_only_that_requirements_flags()
    {
        var original = ShippedBytes();
        var patched = ShippedBytes();
        Assert.Equal(WeakenResult.Patched, ElfVersionNeeds.MarkWeak(patched, "libstdc++.so.6", "GLIBCXX_3.4.32"));

        var changed = Enumerable.Range(0, original.Length).Where(i => original[i] != patched[i]).ToList();
        var need = ElfVersionNeeds.Read(original).Single(n => n.Version == "GLIBCXX_3.4.32");
        Assert.Equal([need.FlagsOffset], changed.Select(i => (long)i));
        var after = ElfVersionNeeds.Read(patched);
        Assert.Equal([("libstdc++.so.6", "GLIBCXX_3.4.32")], after.Where(n => n.IsWeak).Select(n => (n.File, n.Version)));
    }

    [Fact]
    public void Marking_weak_is_idempotent_and_leaves_other_libraries_alone()
    {
        var bytes = ShippedBytes();
        ElfVersionNeeds.MarkWeak(bytes, "libstdc++.so.6", "GLIBCXX_3.4.32");
        var once = bytes.ToArray();
        Assert.Equal(WeakenResult.AlreadyWeak, ElfVersionNeeds.MarkWeak(bytes, "libstdc++.so.6", "GLIBCXX_3.4.32"));
        Assert.Equal(once, bytes);
        // The same version name from another file, and a version nobody requires, are not matches.
        Assert.Equal(WeakenResult.NotRequired, ElfVersionNeeds.MarkWeak(bytes, "libc.so.6", "GLIBCXX_3.4.32"));
        Assert.Equal(WeakenResult.NotRequired, ElfVersionNeeds.MarkWeak(bytes, "libstdc++.so.6", "GLIBCXX_3.4.99"));
        Assert.Equal(once, bytes);
    }

    [Fact]
    public void Reads_a_system_executable()
    {
        var needs = ElfVersionNeeds.Read(File.ReadAllBytes("/bin/true"));
        Assert.Contains(needs, n => n.File == "libc.so.6" && n.Version.StartsWith("GLIBC_2.", StringComparison.Ordinal));
    }

    [SkippableFact]
    public void Agrees_with_binutils_readelf()
    {
        Skip.IfNot(File.Exists("/usr/bin/readelf"), "binutils' readelf is not installed (make deps installs it)");
        var patched = Path.Combine(Path.GetTempPath(), $"susy-elf-{Guid.NewGuid():N}.so");
        try
        {
            File.Copy(Shipped, patched);
            ElfFilePatcher.MarkWeak(patched, "libstdc++.so.6", "GLIBCXX_3.4.32");
            var ours = ElfVersionNeeds.Read(File.ReadAllBytes(patched))
                .Select(n => $"{n.Version} {(n.IsWeak ? "WEAK" : "none")}").ToList();
            var theirs = Readelf(patched).Split('\n')
                .Select(line => System.Text.RegularExpressions.Regex.Match(line, @"Name: (\S+)\s+Flags: (\S+)"))
                .Where(m => m.Success).Select(m => $"{m.Groups[1].Value} {m.Groups[2].Value}").ToList();
            Assert.Equal(theirs, ours);
            Assert.Contains("GLIBCXX_3.4.32 WEAK", theirs);
        }
        finally
        {
            File.Delete(patched);
        }
    }

    [Fact]
    public void The_file_patcher_replaces_the_file_keeping_mode_and_time_and_never_writes_through_a_hard_link()
    {
        var directory = Directory.CreateTempSubdirectory("susy-elf-");
        try
        {
            var cache = Path.Combine(directory.FullName, "cache.so");
            var output = Path.Combine(directory.FullName, "output.so");
            File.Copy(Shipped, cache);
            File.SetUnixFileMode(cache, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            // What CreateHardLinksForCopyLocalIfPossible makes of a NuGet cache file.
            using (var ln = Process.Start("/bin/ln", [cache, output])) ln.WaitForExit();
            Assert.Equal(ShippedBytes(), File.ReadAllBytes(output));

            Assert.Equal(WeakenResult.Patched, ElfFilePatcher.MarkWeak(output, "libstdc++.so.6", "GLIBCXX_3.4.32"));
            Assert.Equal(ShippedBytes(), File.ReadAllBytes(cache));
            Assert.True(ElfVersionNeeds.Read(File.ReadAllBytes(output)).Single(n => n.Version == "GLIBCXX_3.4.32").IsWeak);
            Assert.Equal(File.GetUnixFileMode(cache), File.GetUnixFileMode(output));
            Assert.Equal(File.GetLastWriteTimeUtc(cache), File.GetLastWriteTimeUtc(output));
            Assert.Equal(WeakenResult.AlreadyWeak, ElfFilePatcher.MarkWeak(output, "libstdc++.so.6", "GLIBCXX_3.4.32"));
            Assert.Empty(Directory.GetFiles(directory.FullName, "*.patching"));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void Refuses_what_it_cannot_read_with_a_reason()
    {
        Assert.Contains("magic", Assert.Throws<ElfFormatException>(() => ElfVersionNeeds.Read("#!/bin/sh\n echo not an ELF object at all, but long enough for a header"u8.ToArray())).Message);
        var bytes = ShippedBytes();
        Assert.Contains("Truncated", Assert.Throws<ElfFormatException>(() => ElfVersionNeeds.Read(bytes.AsSpan(0, 4096))).Message);
        var elf32 = bytes[..64];
        elf32[4] = 1;
        Assert.Contains("64-bit", Assert.Throws<ElfFormatException>(() => ElfVersionNeeds.Read(elf32)).Message);
        var bigEndian = bytes[..64];
        bigEndian[5] = 2;
        Assert.Contains("little-endian", Assert.Throws<ElfFormatException>(() => ElfVersionNeeds.Read(bigEndian)).Message);
    }

    private static string Readelf(string path)
    {
        using var process = Process.Start(new ProcessStartInfo("/usr/bin/readelf", ["-V", "-W", path]) { RedirectStandardOutput = true })!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output;
    }
}
