using System.Net;
using System.Net.Sockets;

namespace DIH4S.Tests.Shared;

/// <summary>Loopback ports for the servers tests start.</summary>
internal static class TestPorts
{
    /// <summary>
    /// A loopback port nobody listens on at this moment. Another process may take it before the caller binds it:
    /// a caller that starts a process retries on that (<c>PublishedDesk</c>).
    /// </summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
