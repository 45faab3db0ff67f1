using SusyTopology.Kafka.Native;

namespace SusyTopology.Kafka.Tests;

public class LibrdkafkaTests
{
    [Fact]
    public void Loads_the_bundled_librdkafka_not_a_system_copy()
    {
        Librdkafka.EnsureLoaded();
        Assert.NotNull(Librdkafka.LoadedFrom);
        Assert.StartsWith(Path.Combine(AppContext.BaseDirectory, "runtimes"), Librdkafka.LoadedFrom);
        Assert.True(Librdkafka.Version >= Librdkafka.MinimumVersion, $"librdkafka {Librdkafka.Version} loaded from {Librdkafka.LoadedFrom}");
    }

    [SkippableFact]
    public void Tries_the_redists_generic_build_before_its_centos8_build_on_linux_x64()
    {
        Skip.IfNot(OperatingSystem.IsLinux() && System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture ==
            System.Runtime.InteropServices.Architecture.X64, "Linux x64 only");
        var candidates = Librdkafka.Candidates("/app");
        Assert.Equal(["/app/runtimes/linux-x64/native/librdkafka.so", "/app/runtimes/linux-x64/native/centos8-librdkafka.so"], candidates);
    }

    [Fact]
    public void The_install_hint_says_where_the_library_comes_from()
    {
        Assert.Contains("librdkafka.redist", Librdkafka.InstallHint);
        Assert.Contains("make build", Librdkafka.InstallHint);
    }
}
