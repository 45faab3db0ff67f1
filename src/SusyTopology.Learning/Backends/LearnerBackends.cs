namespace SusyTopology.Learning.Backends;

/// <summary>The names a <see cref="LearnerBackend"/> has in configuration, on the command line and inside a saved state.</summary>
public static class LearnerBackends
{
    public const string TorchSharpName = "torchsharp";
    public const string SimdName = "simd";

    public static string Name(LearnerBackend backend) => backend switch
    {
        LearnerBackend.TorchSharp => TorchSharpName,
        LearnerBackend.Simd => SimdName,
        _ => throw new ArgumentOutOfRangeException(nameof(backend), backend, "Unknown learner backend."),
    };

    /// <exception cref="InvalidDataException">The name is neither <c>torchsharp</c> nor <c>simd</c>.</exception>
    public static LearnerBackend Parse(string name) => name.ToLowerInvariant() switch
    {
        TorchSharpName => LearnerBackend.TorchSharp,
        SimdName => LearnerBackend.Simd,
        _ => throw new InvalidDataException($"Unknown learner backend '{name}' (known: {TorchSharpName}, {SimdName})."),
    };
}
