namespace MarketAspire.Benchmarks;

public sealed record BenchOptions(string Command, IReadOnlyDictionary<string, string> Values)
{
    public int Int(string name, int fallback) => Values.TryGetValue(name, out var v) && int.TryParse(v, out var n) ? n : fallback;

    public static BenchOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>();
        for (var i = 1; i + 1 < args.Length; i += 2)
        {
            values[args[i].TrimStart('-')] = args[i + 1];
        }

        return new BenchOptions(args.Length > 0 ? args[0] : "", values);
    }

    public static int Usage()
    {
        Console.Error.WriteLine("usage: Benchmarks load [--symbols 200] [--days 5000] | extract [--symbols 200] [--latency-ms 50] [--rpm 600] [--concurrency 8]");
        return 2;
    }
}
