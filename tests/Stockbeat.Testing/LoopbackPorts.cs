using System.Net;
using System.Net.Sockets;

namespace Stockbeat.Testing;

/// <summary>Loopback ports for tests of what happens when the server is down.</summary>
public static class LoopbackPorts
{
    /// <summary>A loopback base URL (no trailing slash) where nothing listens: connecting is refused at once.</summary>
    public static string ClosedUrl()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";
    }
}
