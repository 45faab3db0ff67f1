using SusyTopology.Learning.Model;

namespace SusyTopology.Learning.Backends;

/// <summary>Creates <see cref="SimdNetworkTrainer"/>s.</summary>
public sealed class SimdBackendFactory : ILearnerBackendFactory
{
    public LearnerBackend Backend => LearnerBackend.Simd;

    public INetworkTrainer Create(OnlineClassifierOptions options, ReadOnlySpan<float> initialParameters) =>
        new SimdNetworkTrainer(options, initialParameters);
}
