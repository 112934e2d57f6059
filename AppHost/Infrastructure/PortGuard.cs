using System.Net;
using System.Net.Sockets;
using MarketAspire.JobHosting.Configuration;

namespace MarketAspire.AppHost.Infrastructure;

/// <summary>Fails at once, naming the port and the setting that moves it, when a fixed local port is taken.</summary>
internal static class PortGuard
{
    public static void EnsureFree(int port, string what, string settingKey)
    {
        if (!IsFree(port))
        {
            throw new ConfigurationException(
                $"Port {port} on 127.0.0.1 ({what}) is already in use. Stop whatever listens there " +
                $"(is another MarketAspire stack running?), or set {settingKey} to a free port in .env or the environment.");
        }
    }

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
