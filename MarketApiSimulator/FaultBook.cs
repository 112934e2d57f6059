using Microsoft.Extensions.Options;

namespace MarketAspire.MarketApiSimulator;

/// <summary>The configured faults per symbol, each with how many more responses it affects (null = all).</summary>
public sealed class FaultBook
{
    private readonly Dictionary<string, (FaultKind Kind, int? Remaining)> _faults;
    private readonly Lock _lock = new();

    public FaultBook(IOptions<SimulatorOptions> options)
    {
        _faults = options.Value.Faults.ToDictionary(
            kv => kv.Key.ToUpperInvariant(),
            kv => FaultSpec.Parse(kv.Value),
            StringComparer.OrdinalIgnoreCase);
    }

    public FaultKind Take(string symbol)
    {
        lock (_lock)
        {
            if (!_faults.TryGetValue(symbol, out var fault))
            {
                return FaultKind.None;
            }

            if (fault.Remaining is { } remaining)
            {
                if (remaining <= 0)
                {
                    return FaultKind.None;
                }

                _faults[symbol] = (fault.Kind, remaining - 1);
            }

            return fault.Kind;
        }
    }
}
