using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Stockbeat.Testing;

/// <summary>Loopback ports for servers started as child processes and for tests of what happens when the server is down.</summary>
public static class LoopbackPorts
{
    private const int LowestPort = 10_000;

    /// <summary>A loopback base URL (no trailing slash) where nothing listens: connecting is refused at once.</summary>
    public static string ClosedUrl()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";
    }

    /// <summary>
    /// A loopback port that a child process can listen on a moment later. It lies below the kernel's ephemeral range:
    /// a port from that range (what port 0 hands out) can meanwhile become the local port of any outgoing connection,
    /// and Kestrel cannot listen on a port a connection holds, even one in TIME_WAIT, so the child would exit at start.
    /// </summary>
    public static int ForChildProcess()
    {
        var below = EphemeralRangeStart();
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var port = Random.Shared.Next(LowestPort, below);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // Taken: try another.
            }
        }

        throw new InvalidOperationException($"No free loopback port between {LowestPort} and {below}.");
    }

    private static int EphemeralRangeStart()
    {
        const string range = "/proc/sys/net/ipv4/ip_local_port_range";
        var first = File.Exists(range) ? File.ReadAllText(range).Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries)[0] : null;
        return first is not null && int.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var start) && start > LowestPort + 1_000
            ? start
            : 32_768;
    }
}
