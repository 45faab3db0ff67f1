using System.Reflection;
using System.Runtime.InteropServices;
using Confluent.Kafka;

namespace SusyTopology.Kafka.Native;

/// <summary>
/// The one place that loads librdkafka: the copy bundled by the <c>librdkafka.redist</c> package beside the app
/// (<c>runtimes/&lt;rid&gt;/native/</c>), never a system library, whose older ABI crashes Confluent.Kafka 2.16. On Linux
/// x64 the redist's generic <c>librdkafka.so</c> needs <c>libsasl2.so.3</c>, which Debian 12 lacks (it has
/// <c>.so.2</c>), so its <c>centos8-librdkafka.so</c> (SASL statically linked) is tried next. The loaded handle is then
/// given to Confluent.Kafka and to this project's own P/Invoke declarations through a DllImport resolver.
/// </summary>
public static class Librdkafka
{
    /// <summary>The release of librdkafka.redist this project ships with Confluent.Kafka 2.16.</summary>
    public static readonly Version MinimumVersion = new(2, 16, 0);

    internal const string NativeName = "librdkafka";

    private static readonly Lock Gate = new();
    private static string? _loadedFrom;
    private static nint _handle;

    /// <summary>The file librdkafka was loaded from, once <see cref="EnsureLoaded"/> has succeeded.</summary>
    public static string? LoadedFrom => _loadedFrom;

    /// <summary>The loaded librdkafka's version, e.g. 2.16.0.</summary>
    public static Version Version
    {
        get
        {
            EnsureLoaded();
            return Decode(Library.Version);
        }
    }

    /// <summary>
    /// The bundled libraries to try in order, for this process's platform: the redist's generic build first (it loads
    /// where <c>libsasl2.so.3</c> exists), then its CentOS 8 build.
    /// </summary>
    public static IReadOnlyList<string> Candidates(string baseDirectory)
    {
        var native = Path.Combine(baseDirectory, "runtimes", RuntimeFolder(), "native");
        if (OperatingSystem.IsLinux())
            return RuntimeInformation.ProcessArchitecture == Architecture.X64
                ? [Path.Combine(native, "librdkafka.so"), Path.Combine(native, "centos8-librdkafka.so")]
                : [Path.Combine(native, "librdkafka.so")];
        if (OperatingSystem.IsMacOS()) return [Path.Combine(native, "librdkafka.dylib")];
        return [Path.Combine(native, "librdkafka.dll")];
    }

    /// <summary>Loads librdkafka once per process; throws <see cref="LibrdkafkaNotAvailableException"/> when it cannot.</summary>
    public static void EnsureLoaded()
    {
        if (_loadedFrom != null) return;
        lock (Gate)
        {
            if (_loadedFrom != null) return;
            var failures = new List<string>();
            foreach (var candidate in Candidates(AppContext.BaseDirectory))
            {
                if (!File.Exists(candidate))
                {
                    failures.Add($"{candidate}: no such file");
                    continue;
                }
                try
                {
                    _handle = NativeLibrary.Load(candidate);
                    _loadedFrom = candidate;
                    break;
                }
                catch (DllNotFoundException e)
                {
                    failures.Add($"{candidate}: {e.Message}");
                }
            }
            if (_loadedFrom == null)
                throw new LibrdkafkaNotAvailableException(
                    $"librdkafka (the native Kafka client) could not be loaded:{Environment.NewLine}  " +
                    string.Join(Environment.NewLine + "  ", failures) + Environment.NewLine + InstallHint);
            NativeLibrary.SetDllImportResolver(typeof(Library).Assembly, Resolve);
            NativeLibrary.SetDllImportResolver(typeof(Librdkafka).Assembly, Resolve);
            Version version;
            try
            {
                version = Decode(Library.Version); // initialises Confluent.Kafka's bindings through the resolver
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or InvalidOperationException)
            {
                var from = _loadedFrom;
                _loadedFrom = null;
                throw new LibrdkafkaNotAvailableException(
                    $"librdkafka was loaded from '{from}' but Confluent.Kafka could not bind to it: {e.Message}. {InstallHint}", e);
            }
            if (version < MinimumVersion)
            {
                var from = _loadedFrom;
                _loadedFrom = null;
                throw new LibrdkafkaNotAvailableException(
                    $"librdkafka {version} (from '{from}') is older than {MinimumVersion}, which Confluent.Kafka 2.16 needs. {InstallHint}");
            }
        }
    }

    private static Version Decode(int raw) => new((raw >> 24) & 0xff, (raw >> 16) & 0xff, (raw >> 8) & 0xff); // 0xMMmmrrpp

    private static string RuntimeFolder()
    {
        var os = OperatingSystem.IsLinux() ? "linux" : OperatingSystem.IsMacOS() ? "osx" : "win";
        var arch = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => "x64",
            Architecture.Arm64 => "arm64",
            Architecture.X86 => "x86",
            var other => other.ToString().ToLowerInvariant(),
        };
        return $"{os}-{arch}";
    }

    // Confluent.Kafka 2.16 imports "librdkafka" (and, on RHEL-like systems, "centos8-librdkafka"); both resolve to the
    // one handle loaded above, so no library from the system's search path is ever bound.
    private static nint Resolve(string name, Assembly assembly, DllImportSearchPath? path) =>
        name is NativeName or "centos8-librdkafka" or "alpine-librdkafka" or "librdkafka.so" or "librdkafka.so.1" ? _handle : 0;

    /// <summary>What to do when the bundled library is missing: the message users see.</summary>
    public const string InstallHint =
        "librdkafka comes with the librdkafka.redist NuGet package: restore and build the project (`make build`), " +
        "or publish it with `dotnet publish`, so that runtimes/<rid>/native/ sits beside the app.";
}
