using System.Reflection;
using System.Runtime.InteropServices;
using Confluent.Kafka;

namespace SusyTopology.Kafka.Native;

/// <summary>
/// The one place that finds the operating system's librdkafka. Confluent.Kafka is restored without its
/// librdkafka.redist package (the NuGet mirror lacks it), so the native library must come from the system:
/// Debian's <c>librdkafka1</c> ships <c>librdkafka.so.1</c> (the unversioned <c>.so</c> only comes with -dev).
/// <see cref="EnsureLoaded"/> loads it for Confluent.Kafka and for this project's own P/Invoke declarations, checks the
/// version, and otherwise fails with an actionable message.
/// </summary>
public static class Librdkafka
{
    /// <summary>librdkafka 2.0 is the oldest release whose mock cluster and client this project was measured on.</summary>
    public static readonly Version MinimumVersion = new(2, 0, 0);

    internal const string NativeName = "librdkafka";

    private static readonly string[] Candidates =
    [
        "librdkafka.so.1", "librdkafka.so", // Linux (Debian/Ubuntu librdkafka1, Fedora librdkafka)
        "/usr/lib/x86_64-linux-gnu/librdkafka.so.1", "/usr/lib/aarch64-linux-gnu/librdkafka.so.1",
        "/usr/local/lib/librdkafka.so.1",
        "librdkafka.1.dylib", "/opt/homebrew/lib/librdkafka.1.dylib", "/usr/local/lib/librdkafka.1.dylib", // macOS
        "librdkafka.dll", // Windows
    ];

    private static readonly Lock Gate = new();
    private static string? _loadedFrom;
    private static nint _handle;

    /// <summary>The file librdkafka was loaded from, once <see cref="EnsureLoaded"/> has succeeded.</summary>
    public static string? LoadedFrom => _loadedFrom;

    /// <summary>The loaded librdkafka's version, e.g. 2.0.2.</summary>
    public static Version Version
    {
        get
        {
            EnsureLoaded();
            var v = Library.Version; // 0xMMmmrrpp
            return new Version((v >> 24) & 0xff, (v >> 16) & 0xff, (v >> 8) & 0xff);
        }
    }

    /// <summary>Loads librdkafka once per process; throws <see cref="LibrdkafkaNotAvailableException"/> when it cannot.</summary>
    public static void EnsureLoaded()
    {
        if (_loadedFrom != null) return;
        lock (Gate)
        {
            if (_loadedFrom != null) return;
            var failures = new List<string>();
            foreach (var candidate in Candidates)
            {
                if (!NativeLibrary.TryLoad(candidate, out var handle))
                {
                    failures.Add(candidate);
                    continue;
                }
                _handle = handle;
                _loadedFrom = candidate;
                break;
            }
            if (_loadedFrom == null)
                throw new LibrdkafkaNotAvailableException(
                    $"librdkafka (the native Kafka client) was not found (tried {string.Join(", ", failures)}). {InstallHint}");
            // Confluent.Kafka's own loader asks for "librdkafka" (i.e. librdkafka.so, which only the -dev package
            // provides) and its explicit-path loader needs libdl.so (also -dev only on glibc 2.34+). Resolving the name
            // to the handle loaded above sidesteps both.
            NativeLibrary.SetDllImportResolver(typeof(Library).Assembly, Resolve);
            NativeLibrary.SetDllImportResolver(typeof(Librdkafka).Assembly, Resolve);
            Version version;
            try
            {
                var raw = Library.Version; // initialises Confluent.Kafka's bindings through the resolver
                version = new Version((raw >> 24) & 0xff, (raw >> 16) & 0xff, (raw >> 8) & 0xff);
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or InvalidOperationException)
            {
                var from = _loadedFrom;
                _loadedFrom = null;
                throw new LibrdkafkaNotAvailableException(
                    $"librdkafka was found at '{from}' but Confluent.Kafka could not bind to it: {e.Message}. {InstallHint}", e);
            }
            if (version < MinimumVersion)
            {
                _loadedFrom = null;
                throw new LibrdkafkaNotAvailableException(
                    $"librdkafka {version} is too old; {MinimumVersion} or newer is required. {InstallHint}");
            }
        }
    }

    private static nint Resolve(string name, Assembly assembly, DllImportSearchPath? path) =>
        name is NativeName or "librdkafka.so" or "librdkafka.so.1" ? _handle : 0;

    /// <summary>What to install, per platform: the message users see when the library is missing.</summary>
    public const string InstallHint =
        "Install librdkafka 2.0 or newer: Debian/Ubuntu `sudo apt-get install librdkafka1` (or `make deps`), " +
        "Fedora/RHEL `sudo dnf install librdkafka`, macOS `brew install librdkafka`.";
}
