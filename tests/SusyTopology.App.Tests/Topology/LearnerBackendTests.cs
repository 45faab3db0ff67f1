using Microsoft.Extensions.Configuration;
using SusyTopology.App.Configuration;
using SusyTopology.App.Topology;
using SusyTopology.Learning.Backends;

namespace SusyTopology.App.Tests.Topology;

public class LearnerBackendTests
{
    [Theory]
    [InlineData(null, LearnerBackend.TorchSharp)]
    [InlineData("simd", LearnerBackend.Simd)]
    [InlineData("SIMD", LearnerBackend.Simd)]
    [InlineData("torchsharp", LearnerBackend.TorchSharp)]
    public void Learning_Backend_is_bound_into_the_topology_options(string? value, LearnerBackend expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [LearningOptions.BackendKey] = value,
        }).Build();
        Assert.Equal(expected, AppTopology.Options(configuration).Learning.Backend);
    }

    [Fact]
    public void An_unknown_backend_is_a_configuration_error_naming_the_key()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [LearningOptions.BackendKey] = "cuda",
        }).Build();
        var e = Assert.Throws<InvalidOperationException>(() => AppTopology.Options(configuration));
        Assert.Contains("Learning:Backend", e.Message);
    }
}
