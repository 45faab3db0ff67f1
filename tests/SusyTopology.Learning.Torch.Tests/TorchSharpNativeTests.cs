using SusyTopology.NativePatch;

namespace SusyTopology.Learning.Torch.Tests;

public class TorchSharpNativeTests
{
    [Fact]
    public void The_build_output_carries_the_library_with_its_GLIBCXX_3_4_32_need_weak()
    {
        var library = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        var needs = ElfVersionNeeds.Read(File.ReadAllBytes(library));
        Assert.True(needs.Single(n => n.Version == "GLIBCXX_3.4.32").IsWeak);
        Assert.Equal(["GLIBCXX_3.4.32"], needs.Where(n => n.IsWeak).Select(n => n.Version));
    }

    [Fact]
    public void A_library_that_does_not_load_is_reported_with_the_missing_version_and_the_simd_alternative()
    {
        // What .NET's DllNotFoundException says on Debian 12 for the unpatched library.
        const string dlerror = "Unable to load shared library '/app/libLibTorchSharp.so' or one of its dependencies. In order to help " +
            "diagnose loading problems, consider using a tool like strace. If you're using glibc, consider setting the LD_DEBUG environment variable: \n" +
            "/lib/x86_64-linux-gnu/libstdc++.so.6: version `GLIBCXX_3.4.32' not found (required by /app/libLibTorchSharp.so)";
        var e = TorchSharpNative.Unavailable("/app/libLibTorchSharp.so", dlerror);
        Assert.DoesNotContain("strace", e.Message);
        Assert.Equal("GLIBCXX_3.4.32", e.MissingSymbolVersion);
        Assert.Contains("needs symbol version GLIBCXX_3.4.32", e.Message);
        Assert.Contains("Learning:Backend=simd", e.Message);
        Assert.Contains("--backend simd", e.Message);

        var other = TorchSharpNative.Unavailable("/app/libLibTorchSharp.so", "libtorch_cpu.so: cannot open shared object file: No such file or directory");
        Assert.Null(other.MissingSymbolVersion);
        Assert.Contains("libtorch_cpu.so: cannot open shared object file", other.Message);
        Assert.Contains("Learning:Backend=simd", other.Message);
    }
}
