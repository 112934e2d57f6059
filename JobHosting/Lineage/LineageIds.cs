using System.Security.Cryptography;
using System.Text;

namespace MarketAspire.JobHosting.Lineage;

/// <summary>A run id as the UUID OpenLineage requires: the id itself when it is one, else a UUID made from its text.</summary>
public static class LineageIds
{
    /// <summary>The same text always gives the same UUID (version 8, name-based on SHA-256), so a parent named twice is one run.</summary>
    public static Guid Of(string id)
    {
        if (Guid.TryParse(id, out var guid))
        {
            return guid;
        }

        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(id)).AsSpan(0, 16).ToArray();
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }
}
