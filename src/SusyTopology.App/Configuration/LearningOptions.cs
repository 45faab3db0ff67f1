using Microsoft.Extensions.Configuration;
using SusyTopology.Learning.Backends;
using SusyTopology.Learning.Torch;

namespace SusyTopology.App.Configuration;

/// <summary>The <c>Learning</c> configuration section: which library trains the online learner.</summary>
public sealed class LearningOptions
{
    public const string SectionName = "Learning";
    public const string BackendKey = "Learning:Backend";

    /// <summary>The values <c>--backend</c> accepts.</summary>
    public static IReadOnlyList<string> BackendNames { get; } = [LearnerBackends.TorchSharpName, LearnerBackends.SimdName];

    /// <summary>Binds the section (enum values case-insensitively: <c>torchsharp</c>, <c>simd</c>).</summary>
    public static LearningOptions From(IConfiguration configuration)
    {
        var options = new LearningOptions();
        configuration.GetSection(SectionName).Bind(options);
        return options;
    }

    /// <summary>The command-line override <c>--backend NAME</c> stands for.</summary>
    public static string Override(string backend) => $"--{BackendKey}={backend}";

    /// <summary><c>torchsharp</c> (default, as the product card names it) or <c>simd</c> (no native library, faster).</summary>
    public LearnerBackend Backend { get; set; } = LearnerBackend.TorchSharp;

    /// <summary>
    /// The backend's trainer factory. Creating the TorchSharp one loads libtorch, so a machine where it cannot load
    /// fails here, at startup, with <see cref="TorchSharpUnavailableException"/>'s reason.
    /// </summary>
    public ILearnerBackendFactory CreateBackend() => Backend switch
    {
        LearnerBackend.TorchSharp => new TorchSharpBackendFactory(),
        LearnerBackend.Simd => new SimdBackendFactory(),
        _ => throw new InvalidOperationException($"{BackendKey} has an unknown value {Backend}."),
    };
}
