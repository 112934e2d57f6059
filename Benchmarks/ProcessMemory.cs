using System.Globalization;

namespace MarketAspire.Benchmarks;

/// <summary>A running process's peak resident memory, as Linux reports it (VmHWM in /proc/PID/status).</summary>
public static class ProcessMemory
{
    public static long PeakKb(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
