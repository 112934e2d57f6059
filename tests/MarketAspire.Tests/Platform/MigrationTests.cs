using MarketAspire.LocalServers;
using MarketAspire.JobHosting.Configuration;
using MarketAspire.Tests.Infrastructure;
using MarketAspire.Warehouse.Sql;
using MarketAspire.Warehouse.Migrations;
using Microsoft.Extensions.Logging.Abstractions;

namespace MarketAspire.Tests.Platform;

public class MigrationTests(SharedServers servers)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static int AllMigrations => SqlScripts.Migrations(WarehouseDialect.Postgres).Count;

    [Fact]
    public async Task Migrations_create_both_schemas_once_and_a_rerun_applies_nothing()
    {
        var settings = await servers.IsolatedEnvironmentAsync(Ct);
        await using var db = await JobHarness.OpenWarehouseAsync(settings);
        var migrator = new Migrator(db, NullLogger<Migrator>.Instance);

        Assert.Equal(AllMigrations, await migrator.MigrateAsync(Ct));
        Assert.Equal(0, await migrator.MigrateAsync(Ct));

        var tables = await JobHarness.ScalarAsync<string>(settings,
            "SELECT string_agg(table_schema || '.' || table_name, ',' ORDER BY table_schema, table_name) FROM information_schema.tables WHERE table_schema IN ('market_data','market_meta')", Ct);
        Assert.Equal(
            "market_data.corporate_action_lists,market_data.curated_factors,market_data.curated_year_factors,market_data.curated_years,market_data.dim_securities,market_data.dividend_adjustment_ranges,market_data.dividend_closes,market_data.dividend_events,market_data.dividend_prev_closes,market_data.fct_dividends,market_data.fct_splits,market_data.fct_stock_price_revisions,market_data.fct_stock_prices," +
            "market_data.listing_status_lists,market_data.securities_current,market_data.split_adjustment_ranges,market_data.stg_pending,market_data.stg_retention,market_data.stg_stock_prices,market_data.stock_price_versions,market_data.stock_prices_adjusted,market_data.stock_prices_split_adjusted,market_data.ticker_change_candidates,market_meta.alert_dead_letters,market_meta.alerts,market_meta.check_evaluations,market_meta.materializations,market_meta.runs,market_meta.schema_migrations,market_meta.sensor_evaluations",
            tables);
    }

    [Fact]
    public async Task Concurrent_migrators_apply_each_migration_exactly_once()
    {
        var settings = await servers.IsolatedEnvironmentAsync(Ct);
        await using var db = await JobHarness.OpenWarehouseAsync(settings);
        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => new Migrator(db, NullLogger<Migrator>.Instance).MigrateAsync(Ct)));
        Assert.Equal(AllMigrations, results.Sum());
        Assert.Equal(AllMigrations, await JobHarness.ScalarAsync<int>(settings, "SELECT count(*) FROM market_meta.schema_migrations", Ct));
    }

    [Fact]
    public async Task An_applied_migration_that_changed_is_reported_by_name()
    {
        var settings = await servers.IsolatedEnvironmentAsync(Ct);
        await using var db = await JobHarness.OpenWarehouseAsync(settings);
        var migrator = new Migrator(db, NullLogger<Migrator>.Instance);
        await migrator.MigrateAsync(Ct);
        await JobHarness.ExecuteAsync(settings, "UPDATE market_meta.schema_migrations SET checksum = 'edited' WHERE version = 2", Ct);

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => migrator.MigrateAsync(Ct));
        Assert.Contains("V002__market_data.sql was changed after it was applied", ex.Message);
    }

    [Fact]
    public async Task The_point_in_time_migration_keeps_the_corporate_actions_loaded_before_it_as_each_symbols_current_list()
    {
        var settings = await servers.IsolatedEnvironmentAsync(Ct);
        var migrations = SqlScripts.Migrations(WarehouseDialect.Postgres);
        await JobHarness.ExecuteAsync(settings, "CREATE SCHEMA IF NOT EXISTS market_meta", Ct);
        foreach (var migration in migrations.Where(m => m.Version < 8))
        {
            await JobHarness.ExecuteAsync(settings, migration.Sql, Ct);
        }

        await JobHarness.ExecuteAsync(settings,
            """
            INSERT INTO market_data.fct_splits (symbol, effective_date, split_factor, partition_date, source_key, source_version, run_id, loaded_at) VALUES
              ('IBM', '2020-08-31', 4, '2026-11-20', 'k', 'v', 'r', now()), ('IBM', '2014-06-09', 1.5, '2026-11-20', 'k', 'v', 'r', now());
            INSERT INTO market_data.fct_dividends (symbol, ex_dividend_date, amount, partition_date, source_key, source_version, run_id, loaded_at) VALUES
              ('IBM', '2026-11-10', 1.68, '2026-11-20', 'k', 'v', 'r', now());
            """, Ct);

        await JobHarness.ExecuteAsync(settings, migrations.Single(m => m.Version == 8).Sql, Ct);

        Assert.Equal("IBM dividends 2026-11-20 list 1,IBM splits 2026-11-20 list 2", await JobHarness.ScalarAsync<string>(settings,
            "SELECT string_agg(concat_ws(' ', symbol, list_name, partition_date, outcome, entries), ',' ORDER BY list_name) FROM market_data.corporate_action_lists", Ct));
        Assert.Equal("1.5,4", await JobHarness.ScalarAsync<string>(settings,
            "SELECT string_agg(split_factor::float8::text, ',' ORDER BY effective_date) FROM market_data.fct_splits WHERE superseded_by_partition IS NULL", Ct));
        Assert.Equal(1, await JobHarness.ScalarAsync<long>(settings, "SELECT count(*) FROM market_data.fct_dividends WHERE superseded_by_partition IS NULL", Ct));
    }

    [Fact]
    public void Both_dialects_have_the_same_migrations_by_version_and_name()
    {
        var postgres = MarketAspire.Warehouse.Sql.SqlScripts.Migrations(MarketAspire.JobHosting.Configuration.WarehouseDialect.Postgres);
        var redshift = MarketAspire.Warehouse.Sql.SqlScripts.Migrations(MarketAspire.JobHosting.Configuration.WarehouseDialect.Redshift);
        Assert.Equal(postgres.Select(m => (m.Version, m.Name)), redshift.Select(m => (m.Version, m.Name)));
        Assert.Equal(14, postgres.Count);
    }
}
