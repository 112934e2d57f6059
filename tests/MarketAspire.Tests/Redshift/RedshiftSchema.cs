namespace MarketAspire.Tests.Redshift;

/// <summary>
/// The tables (with each column's type) and views (with their latest definition) that remain after running migrations
/// in order: CREATE TABLE, ALTER TABLE ... ADD COLUMN, CREATE [OR REPLACE] VIEW, DROP VIEW, DROP TABLE.
/// </summary>
internal sealed class RedshiftSchema
{
    /// <summary>Table name (unqualified) → column → canonical type.</summary>
    public Dictionary<string, Dictionary<string, string>> Tables { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>View name (unqualified) → the tokens of its query, as its latest definition has it.</summary>
    public Dictionary<string, List<SqlToken>> Views { get; } = new(StringComparer.OrdinalIgnoreCase);

    public static RedshiftSchema After(IEnumerable<string> migrations)
    {
        var schema = new RedshiftSchema();
        foreach (var statement in migrations.SelectMany(SqlTokens.Statements))
        {
            schema.Apply(statement);
        }

        return schema;
    }

    private void Apply(List<SqlToken> t)
    {
        var orReplace = t.Count > 3 && t[0].Is("create") && t[1].Is("or") && t[2].Is("replace");
        var at = orReplace ? 3 : 1;
        if (t[0].Is("create") && t.Count > at && t[at].Is("view"))
        {
            var asIndex = t.FindIndex(at, x => x.Is("as"));
            Views[t[asIndex - 1].Text] = t[(asIndex + 1)..];
        }
        else if (t[0].Is("create") && t.FindIndex(x => x.Is("table")) is var table and > 0 && table < 4 && t.FindIndex(x => x.Text == "(") is var open and > 0)
        {
            var columns = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var (start, end) in SqlExpressions.Split(t, open + 1, SqlExpressions.Closing(t, open)))
            {
                if (t[start].Kind != SqlTokenKind.Symbol && !t[start].Is("primary") && !t[start].Is("unique") && !t[start].Is("constraint")
                    && !t[start].Is("foreign") && !t[start].Is("check") && start + 1 < end && CanonicalType(t, start + 1) is { } type)
                {
                    columns[t[start].Text] = type;
                }
            }

            Tables[t[open - 1].Text] = columns;
        }
        else if (t[0].Is("alter") && t.Count > 5 && t[1].Is("table") && t.FindIndex(x => x.Is("add")) is var add and > 0)
        {
            var name = t[add + 1].Is("column") ? add + 2 : add + 1;
            if (Tables.TryGetValue(t[add - 1].Text, out var columns) && CanonicalType(t, name + 1) is { } type)
            {
                columns[t[name].Text] = type;
            }
        }
        else if (t[0].Is("drop") && t.Count > 2 && (t[1].Is("view") || t[1].Is("table")))
        {
            var names = t.Skip(2).Where(x => x.Kind is SqlTokenKind.Identifier or SqlTokenKind.QuotedIdentifier && !x.Is("if") && !x.Is("exists") && !x.Is("cascade") && !x.Is("restrict"));
            foreach (var name in names)
            {
                (t[1].Is("view") ? (System.Collections.IDictionary)Views : Tables).Remove(name.Text);
            }
        }
    }

    /// <summary>The type named at <paramref name="i"/>, without length or precision ("NUMERIC", "DOUBLE PRECISION"), or null.</summary>
    public static string? CanonicalType(IReadOnlyList<SqlToken> t, int i)
    {
        string? Next(int k) => i + k < t.Count ? t[i + k].Text.ToLowerInvariant() : null;
        return Next(0) switch
        {
            "double" or "float" or "float8" => "DOUBLE PRECISION",
            "real" or "float4" => "REAL",
            "smallint" or "int2" => "SMALLINT",
            "int" or "integer" or "int4" => "INTEGER",
            "bigint" or "int8" => "BIGINT",
            "numeric" or "decimal" => "NUMERIC",
            "varchar" or "text" or "nvarchar" => "VARCHAR",
            "character" => Next(1) == "varying" ? "VARCHAR" : "CHAR",
            "char" or "bpchar" or "nchar" => "CHAR",
            "date" => "DATE",
            "timestamptz" => "TIMESTAMPTZ",
            "timestamp" => Next(1) == "with" ? "TIMESTAMPTZ" : "TIMESTAMP",
            "boolean" or "bool" => "BOOLEAN",
            "super" => "SUPER",
            _ => null,
        };
    }
}
