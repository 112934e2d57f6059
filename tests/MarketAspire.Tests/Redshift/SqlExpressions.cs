namespace MarketAspire.Tests.Redshift;

/// <summary>
/// The type of an expression in one statement, as Redshift would infer it: literals, casts (<c>CAST(x AS t)</c>,
/// <c>x::t</c>), columns of the tables and views the statement reads (through their aliases) or of its own select
/// lists' aliases, functions, and arithmetic (DOUBLE PRECISION wins over NUMERIC, NUMERIC over the integers).
/// Anything else is "UNKNOWN", which a check treats as not allowed.
/// </summary>
internal sealed class SqlExpressions
{
    public const string Unknown = "UNKNOWN";
    private const string Null = "NULL";

    private static readonly HashSet<string> NotAliases = new(StringComparer.OrdinalIgnoreCase)
    {
        "on", "where", "join", "left", "right", "inner", "outer", "full", "cross", "group", "order", "limit", "union", "using",
        "natural", "having", "window", "except", "intersect", "minus", "offset",
    };

    private static readonly HashSet<string> BooleanOperators = new(StringComparer.OrdinalIgnoreCase)
    {
        "=", "<", ">", "<=", ">=", "<>", "!=", "and", "or", "not", "is", "like", "ilike", "in", "between", "similar",
    };

    private readonly List<SqlToken> _t;
    private readonly RedshiftSchema _schema;
    private readonly int _depth;
    private readonly Dictionary<string, string> _relations = new(StringComparer.OrdinalIgnoreCase); // alias or name → relation
    private readonly Dictionary<string, List<(int Start, int End)>> _aliases = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _resolving = new(StringComparer.OrdinalIgnoreCase);

    public SqlExpressions(List<SqlToken> statement, RedshiftSchema schema, int depth = 0)
    {
        _t = statement;
        _schema = schema;
        _depth = depth;
        for (var i = 0; i + 1 < _t.Count; i++)
        {
            if ((_t[i].Is("from") || _t[i].Is("join")) && _t[i + 1].Kind is SqlTokenKind.Identifier or SqlTokenKind.QuotedIdentifier)
            {
                var end = i + 1;
                while (end + 2 < _t.Count && _t[end + 1].Text == ".")
                {
                    end += 2;
                }

                var relation = _t[end].Text;
                _relations[relation] = relation;
                var alias = end + 1 < _t.Count && _t[end + 1].Is("as") ? end + 2 : end + 1;
                if (alias < _t.Count && _t[alias].Kind is SqlTokenKind.Identifier && !NotAliases.Contains(_t[alias].Text))
                {
                    _relations[_t[alias].Text] = relation;
                }
            }

            if (_t[i].Is("as") && _t[i + 1].Kind is SqlTokenKind.Identifier or SqlTokenKind.QuotedIdentifier && !InsideCast(i) && ExpressionBefore(i) is { } start)
            {
                (_aliases.TryGetValue(_t[i + 1].Text, out var list) ? list : _aliases[_t[i + 1].Text] = []).Add((start, i));
            }
        }
    }

    public List<SqlToken> Tokens => _t;

    /// <summary>The index of the parenthesis that closes the one at <paramref name="open"/>.</summary>
    public static int Closing(IReadOnlyList<SqlToken> t, int open)
    {
        for (int i = open, depth = 0; i < t.Count; i++)
        {
            depth += t[i].Text switch { "(" when t[i].Kind == SqlTokenKind.Symbol => 1, ")" when t[i].Kind == SqlTokenKind.Symbol => -1, _ => 0 };
            if (depth == 0)
            {
                return i;
            }
        }

        return t.Count;
    }

    /// <summary>The comma-separated items of [start, end) at its own depth.</summary>
    public static IEnumerable<(int Start, int End)> Split(IReadOnlyList<SqlToken> t, int start, int end)
    {
        var from = start;
        for (var i = start; i < end; i++)
        {
            if (t[i] is { Kind: SqlTokenKind.Symbol, Text: "(" })
            {
                i = Closing(t, i);
            }
            else if (t[i] is { Kind: SqlTokenKind.Symbol, Text: "," })
            {
                yield return (from, i);
                from = i + 1;
            }
        }

        if (from < end)
        {
            yield return (from, end);
        }
    }

    public string Text(int start, int end) => string.Join(" ", _t[start..end].Select(x => x.Text));

    /// <summary>The type of the expression [start, end).</summary>
    public string TypeOf(int start, int end)
    {
        var operands = new List<string>();
        var boolean = false;
        var text = false;
        var i = start;
        while (i < end)
        {
            var token = _t[i];
            if (token.Kind == SqlTokenKind.Symbol && token.Text is "+" or "-" or "*" or "/" or "%")
            {
                i++;
            }
            else if (BooleanOperators.Contains(token.Text) && token.Kind != SqlTokenKind.QuotedIdentifier)
            {
                boolean = true;
                i++;
            }
            else if (token is { Kind: SqlTokenKind.Symbol, Text: "||" })
            {
                text = true;
                i++;
            }
            else
            {
                operands.Add(Operand(ref i, end));
            }
        }

        return boolean ? "BOOLEAN" : text ? "VARCHAR" : Combine(operands);
    }

    /// <summary>One operand at <paramref name="i"/> (moved past it, and past any <c>::type</c>).</summary>
    private string Operand(ref int i, int end)
    {
        var t = _t[i];
        string type;
        if (t.Kind == SqlTokenKind.Number)
        {
            type = t.Text.Contains('.', StringComparison.Ordinal) ? "NUMERIC" : "INTEGER";
            i++;
        }
        else if (t.Kind == SqlTokenKind.String)
        {
            type = "VARCHAR";
            i++;
        }
        else if (t.Is("null"))
        {
            type = Null;
            i++;
        }
        else if (t.Is("true") || t.Is("false"))
        {
            type = "BOOLEAN";
            i++;
        }
        else if (t is { Kind: SqlTokenKind.Symbol, Text: "(" })
        {
            var close = Closing(_t, i);
            type = _t[i + 1].Is("select") ? Unknown : TypeOf(i + 1, close);
            i = close + 1;
        }
        else if (t.Is("cast") && i + 1 < end && _t[i + 1].Text == "(")
        {
            var close = Closing(_t, i + 1);
            var asIndex = Enumerable.Range(i + 2, close - i - 2).Last(k => _t[k].Is("as"));
            type = RedshiftSchema.CanonicalType(_t, asIndex + 1) ?? Unknown;
            i = close + 1;
        }
        else if (t.Is("case"))
        {
            type = CaseType(ref i);
        }
        else if (t.Kind == SqlTokenKind.Identifier && i + 1 < _t.Count && _t[i + 1] is { Kind: SqlTokenKind.Symbol, Text: "(" })
        {
            var close = Closing(_t, i + 1);
            type = FunctionType(t.Text, [.. Split(_t, i + 2, close).Select(a => TypeOf(a.Start, a.End))]);
            i = close + 1;
            if (i < _t.Count && _t[i].Is("over"))
            {
                i = Closing(_t, i + 1) + 1;
            }
        }
        else if (t.Kind is SqlTokenKind.Identifier or SqlTokenKind.QuotedIdentifier)
        {
            type = t.Is("current_date") ? "DATE" : t.Is("sysdate") ? "TIMESTAMP" : t.Is("interval") ? "INTERVAL" : null!;
            if (type is null && i + 2 < _t.Count && _t[i + 1].Text == "." && _t[i + 2].Kind is SqlTokenKind.Identifier or SqlTokenKind.QuotedIdentifier)
            {
                type = Column(t.Text, _t[i + 2].Text);
                i += 2;
            }

            type ??= Column(null, t.Text);
            i++;
        }
        else
        {
            type = Unknown;
            i++;
        }

        while (i + 1 < end && _t[i] is { Kind: SqlTokenKind.Symbol, Text: "::" })
        {
            type = RedshiftSchema.CanonicalType(_t, i + 1) ?? Unknown;
            i += 2;
            if (i < end && _t[i].Text == "(")
            {
                i = Closing(_t, i) + 1;
            }
            else if (i < end && _t[i].Is("precision"))
            {
                i++;
            }
        }

        return type;
    }

    /// <summary>CASE ... END: the type of its first THEN.</summary>
    private string CaseType(ref int i)
    {
        int depth = 0, then = -1, thenEnd = -1;
        for (var k = i; k < _t.Count; k++)
        {
            if (_t[k].Is("case"))
            {
                depth++;
            }
            else if (_t[k].Is("end") && --depth == 0)
            {
                var type = then < 0 ? Unknown : TypeOf(then, thenEnd < 0 ? k : thenEnd);
                i = k + 1;
                return type;
            }
            else if (depth == 1 && then < 0 && _t[k].Is("then"))
            {
                then = k + 1;
            }
            else if (depth == 1 && then > 0 && thenEnd < 0 && (_t[k].Is("when") || _t[k].Is("else")))
            {
                thenEnd = k;
            }
        }

        i = _t.Count;
        return Unknown;
    }

    private static string FunctionType(string name, string[] args)
    {
        var first = args.FirstOrDefault(a => a != Null) ?? Unknown;
        return name.ToLowerInvariant() switch
        {
            "ln" or "log" or "dlog1" or "dlog10" or "abs" or "round" or "trunc" or "ceil" or "ceiling" or "floor" or "sign" or "min" or "max"
                or "lag" or "lead" or "first_value" or "last_value" or "nth_value" or "coalesce" or "nvl" or "nullif" or "greatest" or "least" => first,
            "exp" or "dexp" or "sqrt" or "power" or "pow" or "cbrt" or "random" or "stddev" or "stddev_samp" or "stddev_pop" or "variance"
                or "var_samp" or "var_pop" or "date_part" or "percent_rank" or "cume_dist" => "DOUBLE PRECISION",
            "sum" => first is "SMALLINT" or "INTEGER" or "BIGINT" ? "BIGINT" : first == "REAL" ? "DOUBLE PRECISION" : first,
            "avg" => first is "SMALLINT" or "INTEGER" ? "BIGINT" : first,
            "count" or "row_number" or "rank" or "dense_rank" or "datediff" or "len" or "length" or "ntile" => "BIGINT",
            "upper" or "lower" or "trim" or "btrim" or "ltrim" or "rtrim" or "substring" or "left" or "right" or "concat" or "listagg"
                or "to_char" or "md5" or "split_part" or "replace" or "lpad" or "rpad" => "VARCHAR",
            "getdate" or "date_trunc" or "dateadd" or "convert_timezone" => "TIMESTAMP",
            "to_date" or "trunc_date" => "DATE",
            _ => Unknown,
        };
    }

    /// <summary>A column's type: through the qualifier's relation, else the statement's aliases, else the relations it reads.</summary>
    private string Column(string? qualifier, string name)
    {
        if (qualifier is not null && _relations.TryGetValue(qualifier, out var relation) && RelationColumn(relation, name) is { } qualified)
        {
            return qualified;
        }

        var types = new HashSet<string>();
        if (_aliases.TryGetValue(name, out var expressions) && _resolving.Add(name))
        {
            try
            {
                types.UnionWith(expressions.Select(e => TypeOf(e.Start, e.End)));
            }
            finally
            {
                _resolving.Remove(name);
            }
        }

        if (types.Count == 0)
        {
            types.UnionWith(_relations.Values.Distinct(StringComparer.OrdinalIgnoreCase).Select(r => RelationColumn(r, name)).OfType<string>());
        }

        return types.Count == 1 ? types.Single() : Unknown;
    }

    private string? RelationColumn(string relation, string name)
    {
        if (_schema.Tables.TryGetValue(relation, out var columns))
        {
            return columns.GetValueOrDefault(name);
        }

        if (_depth < 8 && _schema.Views.TryGetValue(relation, out var view))
        {
            var type = new SqlExpressions(view, _schema, _depth + 1).Column(null, name);
            return type == Unknown ? null : type;
        }

        return null;
    }

    private static string Combine(List<string> operands)
    {
        var types = operands.Where(o => o != Null).ToList();
        return types switch
        {
            [] => Null,
            [var one] => one,
            _ when types.Any(x => x is "DOUBLE PRECISION" or "REAL") => "DOUBLE PRECISION",
            _ when types.Contains(Unknown) => Unknown,
            _ when types.Contains("NUMERIC") => "NUMERIC",
            _ when types.All(x => x is "SMALLINT" or "INTEGER" or "BIGINT") => types.Contains("BIGINT") ? "BIGINT" : "INTEGER",
            _ when types.Contains("TIMESTAMPTZ") => "TIMESTAMPTZ",
            _ when types.Contains("TIMESTAMP") => "TIMESTAMP",
            _ when types.Contains("DATE") => "DATE",
            _ => Unknown,
        };
    }

    private bool InsideCast(int asIndex)
    {
        for (int k = asIndex - 1, depth = 0; k >= 0; k--)
        {
            depth += _t[k].Text switch { ")" when _t[k].Kind == SqlTokenKind.Symbol => 1, "(" when _t[k].Kind == SqlTokenKind.Symbol => -1, _ => 0 };
            if (depth < 0)
            {
                return k > 0 && _t[k - 1].Is("cast");
            }
        }

        return false;
    }

    /// <summary>Where the select item ending at <paramref name="asIndex"/> starts (after SELECT, DISTINCT or a comma at its depth).</summary>
    private int? ExpressionBefore(int asIndex)
    {
        for (int k = asIndex - 1, depth = 0; k >= 0; k--)
        {
            depth += _t[k].Text switch { ")" when _t[k].Kind == SqlTokenKind.Symbol => 1, "(" when _t[k].Kind == SqlTokenKind.Symbol => -1, _ => 0 };
            if (depth < 0)
            {
                return null; // a table's alias in parentheses, or a CTE's name
            }

            if (depth == 0 && (_t[k].Is("from") || _t[k].Is("join") || _t[k].Is("where") || _t[k].Is("on") || _t[k].Is("by")))
            {
                return null; // "FROM t AS alias": not a select item
            }

            if (depth == 0 && (_t[k].Text == "," || _t[k].Is("select") || _t[k].Is("distinct")))
            {
                return k + 1 < asIndex ? k + 1 : null;
            }
        }

        return null;
    }
}
