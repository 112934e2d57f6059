namespace MarketAspire.Tests.Redshift;

/// <summary>
/// Calls of the functions that run on compute nodes only for some argument types (the data file, with each function's
/// source page), checked against the argument's type as resolved from the migrations' tables and views.
/// </summary>
internal sealed class RedshiftTypeCheck
{
    private readonly Dictionary<string, (HashSet<string> Allowed, string Source)> _restricted;

    private RedshiftTypeCheck(Dictionary<string, (HashSet<string>, string)> restricted) => _restricted = restricted;

    public static RedshiftTypeCheck Load() => new(File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Redshift", "Data", "compute-node-argument-types.txt"))
        .Where(l => !l.StartsWith('#') && l.Contains('\t'))
        .Select(l => l.Split('\t'))
        .ToDictionary(
            p => p[0].ToLowerInvariant(),
            p => (p[1].Split(',', StringSplitOptions.TrimEntries).ToHashSet(StringComparer.OrdinalIgnoreCase), p[2]),
            StringComparer.OrdinalIgnoreCase));

    public IReadOnlyCollection<string> Functions => _restricted.Keys;

    /// <summary>The problems of every view as its latest definition has it.</summary>
    public IEnumerable<string> CheckViews(RedshiftSchema schema) =>
        schema.Views.SelectMany(view => Check(view.Value, schema).Select(p => $"view {view.Key}: {p}"));

    /// <summary>The problems of each statement of <paramref name="sql"/> against the schema.</summary>
    public IEnumerable<string> Check(string sql, RedshiftSchema schema) => SqlTokens.Statements(sql).SelectMany(s => Check(s, schema));

    public IEnumerable<string> Check(List<SqlToken> statement, RedshiftSchema schema)
    {
        var expressions = new SqlExpressions(statement, schema);
        for (var i = 0; i + 1 < statement.Count; i++)
        {
            if (statement[i].Kind != SqlTokenKind.Identifier || statement[i + 1] is not { Kind: SqlTokenKind.Symbol, Text: "(" }
                || (i > 0 && statement[i - 1].Text == ".") || !_restricted.TryGetValue(statement[i].Text, out var rule))
            {
                continue;
            }

            foreach (var (start, end) in SqlExpressions.Split(statement, i + 2, SqlExpressions.Closing(statement, i + 1)))
            {
                var type = expressions.TypeOf(start, end);
                if (!rule.Allowed.Contains(type))
                {
                    yield return $"{statement[i].Text.ToUpperInvariant()}({type}) of '{expressions.Text(start, end)}' runs only on the leader node " +
                        $"(an error over Redshift tables): cast the argument to DOUBLE PRECISION ({rule.Source})";
                }
            }
        }
    }
}
