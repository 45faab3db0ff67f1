using SusyTopology.Learning.Model;

namespace SusyTopology.Learning.Backends;

/// <summary>Creates the network trainers of one backend; what an <see cref="OnlineClassifier"/> is built with.</summary>
public interface ILearnerBackendFactory
{
    LearnerBackend Backend { get; }

    /// <summary>
    /// A trainer for <paramref name="options"/>' network and Adam settings, starting from
    /// <paramref name="initialParameters"/> (in <see cref="NetworkLayout"/> order) with zero moments and no steps.
    /// </summary>
    INetworkTrainer Create(OnlineClassifierOptions options, ReadOnlySpan<float> initialParameters);
}
