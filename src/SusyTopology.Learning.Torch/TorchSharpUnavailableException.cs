namespace SusyTopology.Learning.Torch;

/// <summary>libtorch cannot be loaded on this machine; the message names the cause and the SIMD alternative.</summary>
public sealed class TorchSharpUnavailableException(string message, string? missingSymbolVersion, Exception? inner)
    : Exception(message, inner)
{
    /// <summary>The symbol version the dynamic loader could not find (e.g. <c>GLIBCXX_3.4.32</c>), when that was the cause.</summary>
    public string? MissingSymbolVersion { get; } = missingSymbolVersion;
}
