using System.Security.Cryptography;
using System.Text;

namespace MarketAspire.AssetGraph.Records;

/// <summary>Data versions: short content hashes that let a downstream asset tell whether its inputs changed.</summary>
public static class DataVersions
{
    /// <summary>The version of a set of named parts (e.g. symbol and SHA-256 of its object), independent of order.</summary>
    public static string Of(IEnumerable<(string Name, string Hash)> parts)
    {
        var lines = parts.OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => $"{p.Name}:{p.Hash}\n");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Concat(lines))))[..16];
    }
}
