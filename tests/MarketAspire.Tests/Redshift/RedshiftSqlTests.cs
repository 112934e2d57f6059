using System.Reflection;
using MarketAspire.AssetGraph.Graph;
using MarketAspire.AssetGraph.Records;
using MarketAspire.JobHosting.Configuration;
using MarketAspire.JobHosting.Records;
using MarketAspire.Quality.Checks;
using MarketAspire.Warehouse.Loading;
using MarketAspire.Warehouse.Migrations;
using MarketAspire.Warehouse.Sql;

namespace MarketAspire.Tests.Redshift;

/// <summary>
/// Every statement the Redshift path sends, checked for what only Redshift rejects: the migrations of sql/redshift, the
/// statements shared by both dialects (loads, records, migrations' bookkeeping, the checks' queries) and the
/// Redshift-only ones (COPY, LOCK, load errors).
/// </summary>
public class RedshiftSqlTests
{
    private static readonly RedshiftSqlLint Lint = RedshiftSqlLint.Load();

    private static IReadOnlyList<Migration> Migrations => SqlScripts.Migrations(WarehouseDialect.Redshift);

    private static readonly HashSet<string> Columns =
        Migrations.SelectMany(m => RedshiftSqlLint.ColumnsOf(m.Sql)).ToHashSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>(where it comes from, the SQL).</summary>
    public static TheoryData<string, string> Statements()
    {
        var data = new TheoryData<string, string>();
        foreach (var migration in Migrations)
        {
            data.Add($"sql/redshift/{migration.Name}", migration.Sql);
        }

        foreach (var type in new[] { typeof(WarehouseSql), typeof(MetaSql), typeof(RedshiftStatements), typeof(Migrator), typeof(Warehouse.Curated.CuratedSql), typeof(Warehouse.CorporateActions.CorporateActionsSql), typeof(Warehouse.Securities.SecuritiesSql), typeof(MarketAspire.Catalog.Data.SecuritiesCatalogSql), typeof(MarketAspire.Catalog.Data.OperationsCatalogSql), typeof(VersionRebuildSql), typeof(StagingRetentionSql), typeof(MarketAspire.Quality.FrozenPartition), typeof(AdjustedAsOfSql), typeof(MarketAspire.Sensor.Records.OperationsSql), typeof(JobHosting.Lineage.LineageSql) })
        {
            foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
                         .Where(f => f.FieldType == typeof(string) && (f.IsLiteral || f.IsInitOnly)))
            {
                data.Add($"{type.Name}.{field.Name}", (string)(field.IsLiteral ? field.GetRawConstantValue() : field.GetValue(null))!);
            }
        }

        foreach (var check in typeof(IAssetCheck).Assembly.GetTypes()
                     .Where(t => typeof(IAssetCheck).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false }))
        {
            var instance = (IAssetCheck)Activator.CreateInstance(check)!;
            for (var i = 0; i < instance.Statements.Count; i++)
            {
                data.Add($"{check.Name} statement {i + 1}", instance.Statements[i]);
            }
        }

        foreach (var (user, grants) in ServiceDatabaseUsers.GrantsOf(MarketAssets.Graph))
        {
            foreach (var grant in grants)
            {
                data.Add($"grant to {user}: {grant}", string.Format(System.Globalization.CultureInfo.InvariantCulture, grant, ServiceDefinition.DatabaseUserOf(user)));
            }
        }

        data.Add("ServiceUsers.UserExists", ServiceUsers.UserExists);
        data.Add("RedshiftStatements.CopyFromManifest",
            RedshiftStatements.CopyFromManifest("market-data-lake", "staged/stock_prices/2026-11-25/r/manifest.json", "arn:aws:iam::123456789012:role/copy", "us-east-1"));
        data.Add("RedshiftStatements.UnloadCurated",
            RedshiftStatements.UnloadCurated("market-data-lake", "0f8fad5b-d9cb-469f-a165-70867728950e", "arn:aws:iam::123456789012:role/copy", "us-east-1"));
        data.Add("RedshiftStatements.Lock(fact)", RedshiftStatements.Lock(WarehouseSql.FactTable));
        data.Add("RedshiftStatements.Lock(staging)", RedshiftStatements.Lock(WarehouseSql.StagingTable));
        return data;
    }

    [Theory]
    [MemberData(nameof(Statements))]
    public void Redshift_accepts_every_statement_the_Redshift_path_sends(string source, string sql)
    {
        Assert.True(Columns.Count > 20, "the Redshift DDL's columns were read");
        var problems = Lint.Check(sql, Columns).ToList();
        Assert.True(problems.Count == 0, $"{source}: {string.Join("; ", problems)}\n{sql}");
    }

    [Theory]
    [InlineData("CREATE TABLE t (\n    open NUMERIC(18,4),\n    close NUMERIC(18,4)\n);", "reserved word OPEN used as a column name")]
    [InlineData("SELECT s.symbol, s.open FROM market_data.stg_stock_prices s", "reserved word OPEN used as a column name")]
    [InlineData("INSERT INTO market_meta.schema_migrations (applied_at) VALUES (now())", "leader-node-only function NOW")]
    [InlineData("SELECT CURRENT_TIMESTAMP FROM market_meta.runs", "leader-node-only function CURRENT_TIMESTAMP")]
    [InlineData("SELECT metadata::jsonb->>'x' FROM market_meta.runs", "PostgreSQL-only: JSON/JSONB types")]
    [InlineData("SELECT DISTINCT ON (symbol) symbol FROM t", "PostgreSQL-only: DISTINCT ON")]
    [InlineData("CREATE INDEX i ON t (a)", "PostgreSQL-only: indexes")]
    [InlineData("SELECT x AS timestamp FROM t", "reserved word TIMESTAMP used as an alias")]
    public void The_checks_catch_what_Redshift_rejects(string sql, string problem)
    {
        Assert.Contains(Lint.Check(sql, new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "open", "close", "symbol" }), p => p.StartsWith(problem, StringComparison.Ordinal));
    }

    [Fact]
    public void Quoted_names_comments_and_literals_are_not_mistaken_for_problems()
    {
        var sql = "SELECT s.\"open\", 'now() open jsonb' FROM t -- open, now()\nWHERE x = 1";
        Assert.Empty(Lint.Check(sql, new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "open" }));
    }
}
