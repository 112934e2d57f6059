using MarketAspire.JobHosting.Configuration;
using MarketAspire.Warehouse.Sql;

namespace MarketAspire.Tests.Redshift;

/// <summary>
/// Redshift's argument types: LN, LOG, DLOG1 and DLOG10 of anything but DOUBLE PRECISION, REAL or an integer run on the
/// leader node only, so over a table they fail on Redshift (PostgreSQL accepts them). Column types come from the
/// migrations; each view is judged by its latest definition.
/// </summary>
public class RedshiftTypeTests
{
    private static readonly RedshiftTypeCheck Check = RedshiftTypeCheck.Load();

    private static IReadOnlyList<Migration> Migrations => SqlScripts.Migrations(WarehouseDialect.Redshift);

    private const string Table = "CREATE TABLE s.t (x NUMERIC(18,6) NOT NULL, d DOUBLE PRECISION, r REAL, n INTEGER, b BIGINT, v VARCHAR(8), day DATE, PRIMARY KEY (n)) DISTKEY (n);";

    [Fact]
    public void Every_restricted_call_in_the_final_views_and_the_codes_statements_takes_a_compute_node_type()
    {
        var schema = RedshiftSchema.After(Migrations.Select(m => m.Sql));
        Assert.Contains("stock_prices_adjusted", schema.Views.Keys);
        var statements = RedshiftSqlTests.Statements().Select(row => ((ITheoryDataRow)row).GetData())
            .Where(data => !((string)data[0]!).StartsWith("sql/", StringComparison.Ordinal))
            .ToList();
        Assert.True(statements.Count > 20, "the code's statements were found");

        var problems = Check.CheckViews(schema)
            .Concat(statements.SelectMany(data => Check.Check((string)data[1]!, schema).Select(p => $"{data[0]}: {p}")))
            .ToList();

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void V006s_adjustment_views_take_LN_of_NUMERIC_and_are_flagged()
    {
        var throughV006 = Migrations.TakeWhile(m => string.CompareOrdinal(m.Name, "V007") < 0).ToList();
        Assert.EndsWith("V006__corporate_actions.sql", throughV006[^1].Name);

        var problems = Check.CheckViews(RedshiftSchema.After(throughV006.Select(m => m.Sql))).ToList();

        Assert.Contains(problems, p => p.StartsWith("view split_adjustment_ranges: LN(NUMERIC) of 'split_factor'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("view dividend_adjustment_ranges: LN(NUMERIC) of '1 - amount / prev_close'", StringComparison.Ordinal));
        Assert.All(problems, p => Assert.Contains("https://docs.aws.amazon.com/redshift/latest/dg/r_LN.html", p));
    }

    [Fact]
    public void A_later_migration_that_recreates_the_views_with_casts_clears_them()
    {
        var v006 = Migrations.Single(m => m.Name.StartsWith("V006", StringComparison.Ordinal)).Sql;
        var views = v006[v006.IndexOf("CREATE VIEW market_data.split_adjustment_ranges", StringComparison.Ordinal)..]
            .Replace("LN(split_factor)", "LN(CAST(split_factor AS DOUBLE PRECISION))", StringComparison.Ordinal)
            .Replace("LN(1 - amount / prev_close)", "LN(CAST(1 - amount / prev_close AS DOUBLE PRECISION))", StringComparison.Ordinal)
            .Replace("NUMERIC(24,12)", "DOUBLE PRECISION", StringComparison.Ordinal);
        var fix = "DROP VIEW market_data.stock_prices_adjusted; DROP VIEW market_data.dividend_adjustment_ranges; DROP VIEW market_data.split_adjustment_ranges;\n" + views;

        var schema = RedshiftSchema.After(Migrations.Select(m => m.Sql).Append(fix));

        Assert.Equal(4, schema.Views.Keys.Count(k => k.Contains("adjust", StringComparison.Ordinal)));
        Assert.Empty(Check.CheckViews(schema));
    }

    [Fact]
    public void A_view_is_judged_by_its_latest_definition()
    {
        const string Create = "CREATE VIEW s.w AS SELECT n, LN(x) AS l FROM s.t;";
        const string Replace = "DROP VIEW s.w; CREATE VIEW s.w AS SELECT n, LN(CAST(x AS DOUBLE PRECISION)) AS l FROM s.t;";
        const string Again = "CREATE OR REPLACE VIEW s.w AS SELECT n, LOG(x) AS l FROM s.t;";
        const string Dropped = "DROP VIEW IF EXISTS s.w;";

        Assert.Single(Check.CheckViews(RedshiftSchema.After([Table, Create])));
        Assert.Empty(Check.CheckViews(RedshiftSchema.After([Table, Create, Replace])));
        Assert.StartsWith("view w: LOG(NUMERIC)", Assert.Single(Check.CheckViews(RedshiftSchema.After([Table, Create, Replace, Again]))));
        Assert.Empty(Check.CheckViews(RedshiftSchema.After([Table, Create, Dropped])));
    }

    [Theory]
    [InlineData("SELECT LN(CAST(x AS DOUBLE PRECISION)) FROM s.t", null)]
    [InlineData("SELECT LN(x::double precision) FROM s.t", null)]
    [InlineData("SELECT LN(x::float8) FROM s.t", null)]
    [InlineData("SELECT LN(n), DLOG10(b), DLOG1(r), LOG(d) FROM s.t", null)]
    [InlineData("SELECT LN(1 - x / d) FROM s.t", null)] // DOUBLE PRECISION wins
    [InlineData("SELECT EXP(SUM(LN(CAST(1 - x / n AS DOUBLE PRECISION))) OVER (PARTITION BY v)) FROM s.t", null)]
    [InlineData("SELECT LN(SUM(n) OVER ()) FROM s.t", null)]
    [InlineData("SELECT LN(x) FROM s.t", "LN(NUMERIC)")]
    [InlineData("SELECT LN(1 - x / n) FROM s.t", "LN(NUMERIC)")]
    [InlineData("SELECT a.n, LN(a.x) FROM s.t a", "LN(NUMERIC)")]
    [InlineData("SELECT LN(q.y) FROM (SELECT x AS y FROM s.t) q", "LN(NUMERIC)")]
    [InlineData("SELECT LN(COALESCE(x, 1)) FROM s.t", "LN(NUMERIC)")]
    [InlineData("SELECT LN(CASE WHEN n > 0 THEN x ELSE 1 END) FROM s.t", "LN(NUMERIC)")]
    [InlineData("SELECT LN(x::numeric(30,10)) FROM s.t", "LN(NUMERIC)")]
    [InlineData("SELECT DLOG1(v) FROM s.t", "DLOG1(VARCHAR)")]
    [InlineData("SELECT DLOG10(day) FROM s.t", "DLOG10(DATE)")]
    [InlineData("SELECT ln(mystery) FROM s.t", "LN(UNKNOWN)")]
    public void An_arguments_type_is_resolved_from_casts_columns_aliases_and_arithmetic(string sql, string? problem)
    {
        var problems = Check.Check(sql, RedshiftSchema.After([Table])).ToList();

        if (problem is null)
        {
            Assert.Empty(problems);
        }
        else
        {
            Assert.StartsWith(problem, Assert.Single(problems));
        }
    }

    [Fact]
    public void The_restricted_functions_are_data_with_their_source_pages()
    {
        Assert.Equal(["dlog1", "dlog10", "ln", "log"], Check.Functions.Order(StringComparer.Ordinal));
    }
}
