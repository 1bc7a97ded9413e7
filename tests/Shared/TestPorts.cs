using System.Net;
using System.Net.Sockets;

namespace DIH4S.Tests.Shared;

/// <summary>Loopback ports for the servers tests start.</summary>
internal static class TestPorts
{
    private static readonly HashSet<int> HandedOut = [];

    /// <summary>
    /// A loopback port nobody listens on at this moment, and never handed out before in this process: the system
    /// may give the same free port to two asks in a row (a node's silo and gateway ports once came out equal).
    /// Another process may still take it before the caller binds it: a caller that starts a process retries on
    /// that (<c>PublishedDesk</c>).
    /// </summary>
    public static int Free()
    {
        while (true)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            lock (HandedOut)
            {
                if (HandedOut.Add(port))
                {
                    return port;
                }
            }
        }
    }
}
