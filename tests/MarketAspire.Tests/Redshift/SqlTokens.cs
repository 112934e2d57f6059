using System.Text.RegularExpressions;

namespace MarketAspire.Tests.Redshift;

/// <summary>A SQL token: an identifier (unquoted ones lower-cased), a number, a string literal or a symbol.</summary>
internal sealed record SqlToken(string Text, SqlTokenKind Kind)
{
    public bool Is(string text) => Kind != SqlTokenKind.String && Text.Equals(text, StringComparison.OrdinalIgnoreCase);
}

internal enum SqlTokenKind
{
    Identifier,
    QuotedIdentifier,
    Number,
    String,
    Symbol,
}

/// <summary>Splits SQL into tokens and statements; comments are dropped, literals kept whole.</summary>
internal static partial class SqlTokens
{
    public static List<SqlToken> Of(string sql) => Token().Matches(sql).Select(m => m.Groups switch
    {
        var g when g["comment"].Success => null,
        var g when g["string"].Success => new SqlToken(m.Value, SqlTokenKind.String),
        var g when g["quoted"].Success => new SqlToken(m.Value[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal), SqlTokenKind.QuotedIdentifier),
        var g when g["number"].Success => new SqlToken(m.Value, SqlTokenKind.Number),
        var g when g["word"].Success => new SqlToken(m.Value.ToLowerInvariant(), SqlTokenKind.Identifier),
        _ => new SqlToken(m.Value, SqlTokenKind.Symbol),
    }).OfType<SqlToken>().ToList();

    public static IEnumerable<List<SqlToken>> Statements(string sql)
    {
        var current = new List<SqlToken>();
        foreach (var token in Of(sql))
        {
            if (token is { Kind: SqlTokenKind.Symbol, Text: ";" })
            {
                if (current.Count > 0)
                {
                    yield return current;
                }

                current = [];
            }
            else
            {
                current.Add(token);
            }
        }

        if (current.Count > 0)
        {
            yield return current;
        }
    }

    [GeneratedRegex("""(?<comment>--[^\n]*|/\*[\s\S]*?\*/)|(?<string>'(?:[^']|'')*')|(?<quoted>"(?:[^"]|"")*")|(?<number>\d+(?:\.\d*)?|\.\d+)|(?<word>[A-Za-z_][A-Za-z0-9_$]*)|::|\|\||<=|>=|<>|!=|\S""")]
    private static partial Regex Token();
}
