using System.Text.RegularExpressions;

namespace MarketAspire.Tests.Redshift;

/// <summary>
/// Checks SQL text for what fails on Redshift but passes on PostgreSQL: reserved words used as undelimited column names
/// or aliases, leader-node-only functions, and PostgreSQL-only features. The word lists are data, with their source.
/// </summary>
internal sealed partial class RedshiftSqlLint
{
    private readonly HashSet<string> _reserved;
    private readonly Regex _leaderOnly;
    private readonly List<(Regex Pattern, string Why)> _postgresOnly;

    private RedshiftSqlLint(HashSet<string> reserved, Regex leaderOnly, List<(Regex, string)> postgresOnly)
    {
        _reserved = reserved;
        _leaderOnly = leaderOnly;
        _postgresOnly = postgresOnly;
    }

    public static RedshiftSqlLint Load()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "Redshift", "Data");
        IEnumerable<string> Words(string file) => File.ReadLines(Path.Combine(folder, file))
            .Where(l => !l.StartsWith('#')).SelectMany(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries));

        var functions = Words("leader-node-only-functions.txt").ToList();
        var leaderOnly = new Regex(
            $@"\b({string.Join('|', functions)})\s*\(|\b(CURRENT_TIME|CURRENT_TIMESTAMP|LOCALTIME)\b",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        var postgresOnly = File.ReadLines(Path.Combine(folder, "postgres-only-features.txt"))
            .Where(l => !l.StartsWith('#') && l.Contains('\t'))
            .Select(l => l.Split('\t', 2))
            .Select(p => (new Regex(p[0], RegexOptions.IgnoreCase | RegexOptions.CultureInvariant), p[1]))
            .ToList();
        return new RedshiftSqlLint(Words("reserved-words.txt").ToHashSet(StringComparer.OrdinalIgnoreCase), leaderOnly, postgresOnly);
    }

    /// <summary>The problems of one statement; <paramref name="columns"/> are the table columns the statements may name.</summary>
    public IEnumerable<string> Check(string sql, IReadOnlySet<string> columns)
    {
        var bare = Strip(sql);
        foreach (Match word in Word().Matches(bare))
        {
            if (_reserved.Contains(word.Value) && columns.Contains(word.Value))
            {
                yield return $"reserved word {word.Value.ToUpperInvariant()} used as a column name without double quotes";
            }
        }

        foreach (Match alias in Alias().Matches(bare))
        {
            if (_reserved.Contains(alias.Groups[1].Value))
            {
                yield return $"reserved word {alias.Groups[1].Value.ToUpperInvariant()} used as an alias without double quotes";
            }
        }

        foreach (Match function in _leaderOnly.Matches(bare))
        {
            yield return $"leader-node-only function {function.Value.TrimEnd('(', ' ').ToUpperInvariant()}";
        }

        foreach (var (pattern, why) in _postgresOnly)
        {
            if (pattern.IsMatch(bare))
            {
                yield return $"PostgreSQL-only: {why}";
            }
        }
    }

    /// <summary>The column names a CREATE TABLE defines (delimited or not).</summary>
    public static IEnumerable<string> ColumnsOf(string ddl)
    {
        foreach (Match table in CreateTable().Matches(ddl))
        {
            foreach (var line in table.Groups[1].Value.Split('\n'))
            {
                var name = ColumnDefinition().Match(line);
                if (name.Success && !name.Groups[1].Value.Equals("PRIMARY", StringComparison.OrdinalIgnoreCase))
                {
                    yield return name.Groups[1].Value;
                }
            }
        }
    }

    /// <summary>Removes comments, string literals and delimited identifiers, which may hold anything.</summary>
    private static string Strip(string sql) => Literals().Replace(LineComments().Replace(sql, " "), " ");

    [GeneratedRegex(@"--[^\n]*")]
    private static partial Regex LineComments();

    [GeneratedRegex("'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"")]
    private static partial Regex Literals();

    [GeneratedRegex(@"[A-Za-z_][A-Za-z0-9_]*")]
    private static partial Regex Word();

    // CREATE VIEW name AS SELECT: the view's query, not an alias.
    [GeneratedRegex(@"\bAS\s+(?!SELECT\b)([A-Za-z_][A-Za-z0-9_]*)", RegexOptions.IgnoreCase)]
    private static partial Regex Alias();

    [GeneratedRegex(@"CREATE\s+(?:UNLOGGED\s+)?TABLE[^(]*\(([\s\S]*?)\)\s*(?:DISTSTYLE|DISTKEY|SORTKEY|;|$)", RegexOptions.IgnoreCase)]
    private static partial Regex CreateTable();

    [GeneratedRegex("^\\s*\"?([A-Za-z_][A-Za-z0-9_]*)\"?\\s+[A-Za-z]")]
    private static partial Regex ColumnDefinition();
}
