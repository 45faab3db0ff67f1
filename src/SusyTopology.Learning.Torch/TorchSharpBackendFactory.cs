using SusyTopology.Learning.Backends;
using SusyTopology.Learning.Model;
using static TorchSharp.torch;

namespace SusyTopology.Learning.Torch;

/// <summary>
/// Creates <see cref="TorchSharpNetworkTrainer"/>s. Constructing it loads libtorch (a clear
/// <see cref="TorchSharpUnavailableException"/> when that fails) and sets libtorch's intra-op threads to one: the
/// setting is process-wide in libtorch, and one thread keeps CPU results reproducible step for step and leaves the
/// machine's other cores to the stream threads.
/// </summary>
public sealed class TorchSharpBackendFactory : ILearnerBackendFactory
{
    public TorchSharpBackendFactory()
    {
        TorchSharpNative.EnsureLoaded();
        set_num_threads(1);
    }

    public LearnerBackend Backend => LearnerBackend.TorchSharp;

    public INetworkTrainer Create(OnlineClassifierOptions options, ReadOnlySpan<float> initialParameters) =>
        new TorchSharpNetworkTrainer(options, initialParameters);
}
