using System.Globalization;
using System.Net;

namespace MarketAspire.Tests.Infrastructure;

/// <summary>
/// The operating system's own socket table (Linux <c>/proc/net/tcp</c> and <c>tcp6</c>): which process listens on
/// which address. Used to prove the local stack binds nothing but loopback.
/// </summary>
internal static class ListeningSockets
{
    private const string ListenState = "0A";

    public sealed record Listener(int Pid, string Process, IPAddress Address, int Port)
    {
        public bool IsLoopback => IPAddress.IsLoopback(Address) || (Address.IsIPv4MappedToIPv6 && IPAddress.IsLoopback(Address.MapToIPv4()));

        public override string ToString() => $"{Process} (pid {Pid}) on {Address}:{Port}";
    }

    /// <summary>
    /// Every TCP listener owned by this process or a process of its stack: its descendants, and Aspire's DCP processes
    /// (which detach from their parent but name the process they serve with <c>--monitor PID</c>) with theirs.
    /// </summary>
    public static IReadOnlyList<Listener> OfThisProcessTree()
    {
        var sockets = ReadTable("/proc/net/tcp").Concat(ReadTable("/proc/net/tcp6")).ToDictionary(s => s.Inode, s => (s.Address, s.Port));
        var listeners = new List<Listener>();
        foreach (var pid in StackOf(Environment.ProcessId))
        {
            foreach (var inode in SocketInodes(pid))
            {
                if (sockets.TryGetValue(inode, out var socket))
                {
                    listeners.Add(new Listener(pid, ProcessName(pid), socket.Address, socket.Port));
                }
            }
        }

        return listeners;
    }

    private static IEnumerable<(long Inode, IPAddress Address, int Port)> ReadTable(string path)
    {
        if (!File.Exists(path))
        {
            yield break;
        }

        foreach (var line in File.ReadLines(path).Skip(1))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 10 || fields[3] != ListenState)
            {
                continue;
            }

            var (address, port) = ParseEndpoint(fields[1]);
            yield return (long.Parse(fields[9], CultureInfo.InvariantCulture), address, port);
        }
    }

    /// <summary>"0100007F:1F90" is 127.0.0.1:8080: the address in the kernel's byte order, 32 bits at a time.</summary>
    internal static (IPAddress Address, int Port) ParseEndpoint(string text)
    {
        var parts = text.Split(':');
        var hex = parts[0];
        var bytes = new byte[hex.Length / 2];
        for (var word = 0; word < hex.Length / 8; word++)
        {
            var value = uint.Parse(hex.AsSpan(word * 8, 8), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            BitConverter.GetBytes(value).CopyTo(bytes, word * 4);
        }

        return (new IPAddress(bytes), int.Parse(parts[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture));
    }

    private static IEnumerable<long> SocketInodes(int pid)
    {
        string[] links;
        try
        {
            links = Directory.GetFiles($"/proc/{pid}/fd");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            yield break;
        }

        foreach (var link in links)
        {
            string? target;
            try
            {
                target = new FileInfo(link).LinkTarget;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            if (target is not null && target.StartsWith("socket:[", StringComparison.Ordinal) &&
                long.TryParse(target.AsSpan(8, target.Length - 9), CultureInfo.InvariantCulture, out var inode))
            {
                yield return inode;
            }
        }
    }

    private static HashSet<int> StackOf(int root)
    {
        var children = new Dictionary<int, List<int>>();
        var monitoring = new Dictionary<int, List<int>>();
        foreach (var dir in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            try
            {
                // Field 4 of /proc/PID/stat is the parent; the name (field 2) may hold spaces, so read after its ')'.
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var parent = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
                Add(children, parent, pid);

                var args = File.ReadAllText(Path.Combine(dir, "cmdline")).Split('\0');
                var monitor = Array.IndexOf(args, "--monitor");
                if (monitor >= 0 && monitor + 1 < args.Length && int.TryParse(args[monitor + 1], CultureInfo.InvariantCulture, out var watched))
                {
                    Add(monitoring, watched, pid);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
            {
            }
        }

        var stack = new HashSet<int> { root };
        var queue = new Queue<int>([root]);
        while (queue.Count > 0)
        {
            var pid = queue.Dequeue();
            foreach (var next in (children.GetValueOrDefault(pid) ?? []).Concat(monitoring.GetValueOrDefault(pid) ?? []))
            {
                if (stack.Add(next))
                {
                    queue.Enqueue(next);
                }
            }
        }

        return stack;
    }

    private static void Add(Dictionary<int, List<int>> map, int key, int value) =>
        (map.TryGetValue(key, out var list) ? list : map[key] = []).Add(value);

    private static string ProcessName(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/comm").Trim();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return "?";
        }
    }
}
