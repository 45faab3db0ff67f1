using SusyTopology.Kafka.Native;

namespace SusyTopology.Kafka.Tests;

public class LibrdkafkaTests
{
    [Fact]
    public void Loads_the_system_librdkafka_at_version_2_or_newer()
    {
        Librdkafka.EnsureLoaded();
        Assert.NotNull(Librdkafka.LoadedFrom);
        Assert.True(Librdkafka.Version >= Librdkafka.MinimumVersion, $"librdkafka {Librdkafka.Version} loaded from {Librdkafka.LoadedFrom}");
    }

    [Fact]
    public void The_install_hint_names_a_package_for_each_platform()
    {
        Assert.Contains("apt-get install librdkafka1", Librdkafka.InstallHint);
        Assert.Contains("dnf install librdkafka", Librdkafka.InstallHint);
        Assert.Contains("brew install librdkafka", Librdkafka.InstallHint);
    }
}
