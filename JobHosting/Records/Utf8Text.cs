using System.Text;

namespace MarketAspire.JobHosting.Records;

/// <summary>Text cut to fit a Redshift VARCHAR(n), whose n counts UTF-8 bytes (PostgreSQL's counts characters).</summary>
public static class Utf8Text
{
    /// <summary>The longest prefix of <paramref name="text"/> of at most <paramref name="maxBytes"/> UTF-8 bytes, never splitting a surrogate pair.</summary>
    public static string Truncate(string text, int maxBytes)
    {
        if (Encoding.UTF8.GetByteCount(text) <= maxBytes)
        {
            return text;
        }

        var bytes = 0;
        var end = 0;
        while (end < text.Length)
        {
            var width = char.IsHighSurrogate(text[end]) && end + 1 < text.Length && char.IsLowSurrogate(text[end + 1]) ? 2 : 1;
            var size = Encoding.UTF8.GetByteCount(text.AsSpan(end, width));
            if (bytes + size > maxBytes)
            {
                break;
            }

            bytes += size;
            end += width;
        }

        return text[..end];
    }
}
