using System.Net;
using System.Net.Sockets;

namespace MarketAspire.AppHost.Infrastructure;

/// <summary>Whether a fixed local port can still be bound on 127.0.0.1.</summary>
internal static class PortGuard
{
    public static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, false);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
