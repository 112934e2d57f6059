using System.Net;
using System.Net.Sockets;
using MarketAspire.Tests.Infrastructure;

namespace MarketAspire.Tests.Platform;

/// <summary>The socket-table reader tells a wildcard listener from a loopback one, so the loopback test can fail.</summary>
public class ListeningSocketsTests
{
    [Theory]
    [InlineData("0100007F:1F90", "127.0.0.1", 8080)]
    [InlineData("00000000:11D7", "0.0.0.0", 4567)]
    [InlineData("00000000000000000000000001000000:0050", "::1", 80)]
    [InlineData("0000000000000000FFFF00000100007F:11D7", "::ffff:127.0.0.1", 4567)]
    public void Kernel_addresses_are_read_in_the_kernels_byte_order(string text, string address, int port)
    {
        Assert.Equal((IPAddress.Parse(address), port), ListeningSockets.ParseEndpoint(text));
    }

    [Theory]
    [InlineData("0.0.0.0", false)]
    [InlineData("127.0.0.1", true)]
    public void A_listener_of_this_process_is_found_and_judged_by_its_address(string bind, bool loopback)
    {
        var listener = new TcpListener(IPAddress.Parse(bind), 0);
        listener.Start();
        try
        {
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            var found = Assert.Single(ListeningSockets.OfThisProcessTree(), l => l.Port == port);
            Assert.Equal(Environment.ProcessId, found.Pid);
            Assert.Equal(loopback, found.IsLoopback);
        }
        finally
        {
            listener.Stop();
        }
    }
}
