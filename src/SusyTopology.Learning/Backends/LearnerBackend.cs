namespace SusyTopology.Learning.Backends;

/// <summary>Which library trains the learner's network (<c>Learning:Backend</c>).</summary>
public enum LearnerBackend
{
    /// <summary>TorchSharp (libtorch on the CPU, one thread): the product's default.</summary>
    TorchSharp,

    /// <summary>The project's own SIMD MLP: no native download, faster on this network.</summary>
    Simd,
}
