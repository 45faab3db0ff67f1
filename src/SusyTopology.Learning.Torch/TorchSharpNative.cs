using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using TorchSharp;

namespace SusyTopology.Learning.Torch;

/// <summary>
/// Loads TorchSharp's native library before TorchSharp does, so a failure is reported with the dynamic loader's
/// reason (e.g. a missing <c>GLIBCXX_3.4.32</c>) instead of TorchSharp's generic advice — and before TorchSharp's
/// fallback copies ~500 MB of libtorch out of the NuGet cache into the application directory.
/// </summary>
public static partial class TorchSharpNative
{
    private const string LibraryFile = "libLibTorchSharp.so";

    /// <exception cref="TorchSharpUnavailableException">libtorch cannot be loaded here.</exception>
    public static void EnsureLoaded()
    {
        if (OperatingSystem.IsLinux() && Locate() is { } path && !NativeLibrary.TryLoad(path, out _))
            throw Unavailable(path, LoadError(path));
        try
        {
            torch.InitializeDeviceType(DeviceType.CPU);
        }
        catch (Exception e) when (e is TypeInitializationException or NotSupportedException or DllNotFoundException)
        {
            throw new TorchSharpUnavailableException(
                $"TorchSharp could not initialise libtorch: {(e.InnerException ?? e).Message.Split('\n')[0]} " +
                "Set Learning:Backend=simd (or --backend simd) to learn with the SIMD backend, which needs no native library.", null, e);
        }
    }

    /// <summary>The copy of the library the runtime would load for this application, if it ships one.</summary>
    private static string? Locate()
    {
        var directory = Path.GetDirectoryName(typeof(torch).Assembly.Location);
        if (string.IsNullOrEmpty(directory)) return null;
        string[] candidates =
        [
            Path.Combine(directory, "runtimes", "linux-x64", "native", LibraryFile),
            Path.Combine(directory, LibraryFile),
        ];
        return candidates.FirstOrDefault(File.Exists);
    }

    private static string LoadError(string path)
    {
        try
        {
            NativeLibrary.Free(NativeLibrary.Load(path));
            return "it loads on a second attempt";
        }
        catch (DllNotFoundException e)
        {
            return e.Message;
        }
    }

    internal static TorchSharpUnavailableException Unavailable(string path, string loaderMessage)
    {
        // .NET wraps the dynamic loader's message in general advice; its last line is the loader's own reason.
        var reason = loaderMessage.Split('\n').Select(line => line.Trim()).LastOrDefault(line => line.Length > 0) ?? loaderMessage;
        var version = MissingVersion().Match(reason);
        var missing = version.Success ? version.Groups[1].Value : null;
        var what = missing is null
            ? $"{path} does not load: {reason}"
            : $"{path} does not load: it needs symbol version {missing}, which this system's libraries lack ({reason.Trim()})";
        var hint = missing is "GLIBCXX_3.4.32"
            ? " The build marks that requirement weak (build/LibTorchSharp.targets); this copy was not patched — rebuild or republish with the repository's build."
            : "";
        return new TorchSharpUnavailableException(
            $"TorchSharp is unavailable: {what}.{hint} Set Learning:Backend=simd (or --backend simd) to learn with the SIMD backend, which needs no native library.",
            missing, null);
    }

    [GeneratedRegex(@"version `([^']+)' not found")]
    private static partial Regex MissingVersion();
}
