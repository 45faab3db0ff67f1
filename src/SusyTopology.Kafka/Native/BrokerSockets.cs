using System.Globalization;
using System.Runtime.InteropServices;

namespace SusyTopology.Kafka.Native;

/// <summary>
/// TCP_NODELAY for the mock brokers' sockets. A Kafka broker disables Nagle's algorithm on its connections; librdkafka's
/// mock does not, and a response written in two pieces then waits for the client's delayed ACK: 40 ms on Linux,
/// measured here as every produce acknowledgement taking ~45 ms (1.6 ms with Nagle off), which made each commit of
/// a stream thread block for 45–100 ms. The option is set on the brokers' listening sockets, which accepted
/// connections inherit on Linux. Found through this process's own descriptors: /proc/self/net/tcp{,6} maps the
/// listening port to a socket inode, /proc/self/fd maps the inode to a descriptor.
/// </summary>
public static partial class BrokerSockets
{
    private const int IpProtoTcp = 6;
    private const int TcpNoDelay = 1;
    private const string ListenState = "0A";
    private const string EstablishedState = "01";

    /// <summary>Sets TCP_NODELAY on this process's sockets listening on <paramref name="ports"/>; returns how many. Linux only (0 elsewhere).</summary>
    public static int DisableNagle(IEnumerable<int> ports)
    {
        if (!OperatingSystem.IsLinux()) return 0;
        var count = 0;
        foreach (var port in ports)
            foreach (var fd in Descriptors(port, ListenState))
            {
                var one = 1;
                if (setsockopt(fd, IpProtoTcp, TcpNoDelay, ref one, sizeof(int)) == 0) count++;
            }
        return count;
    }

    /// <summary>TCP_NODELAY of each of this process's sockets connected on local port <paramref name="port"/> (the broker's side of its connections).</summary>
    public static IReadOnlyList<bool> AcceptedConnectionsNoDelay(int port) =>
        OperatingSystem.IsLinux() ? Descriptors(port, EstablishedState).Select(NoDelay).ToList() : [];

    private static bool NoDelay(int fd)
    {
        var value = 0;
        var length = (uint)sizeof(int);
        return getsockopt(fd, IpProtoTcp, TcpNoDelay, ref value, ref length) == 0 && value != 0;
    }

    /// <summary>Descriptors of this process's TCP sockets in <paramref name="state"/> whose local port is <paramref name="port"/>.</summary>
    private static List<int> Descriptors(int port, string state)
    {
        var inodes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var table in new[] { "/proc/self/net/tcp", "/proc/self/net/tcp6" })
        {
            if (!File.Exists(table)) continue;
            foreach (var line in File.ReadLines(table).Skip(1))
            {
                // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode …
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length < 10 || fields[3] != state) continue;
                var local = fields[1];
                var colon = local.LastIndexOf(':');
                if (colon < 0 || !int.TryParse(local.AsSpan(colon + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var localPort)) continue;
                if (localPort == port) inodes.Add(fields[9]);
            }
        }
        var descriptors = new List<int>();
        if (inodes.Count == 0) return descriptors;
        foreach (var path in Directory.EnumerateFiles("/proc/self/fd"))
        {
            string? target;
            try
            {
                target = new FileInfo(path).LinkTarget;
            }
            catch (IOException)
            {
                continue; // closed meanwhile
            }
            if (target is null || !target.StartsWith("socket:[", StringComparison.Ordinal)) continue;
            if (inodes.Contains(target["socket:[".Length..^1]) && int.TryParse(Path.GetFileName(path), out var fd)) descriptors.Add(fd);
        }
        return descriptors;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int setsockopt(int fd, int level, int name, ref int value, uint length);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int getsockopt(int fd, int level, int name, ref int value, ref uint length);
}
