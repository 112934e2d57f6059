using MarketAspire.JobHosting.Configuration;
using System.Globalization;
using MarketAspire.AssetGraph.Graph;
using MarketAspire.AssetGraph.Partitions;
using MarketAspire.JobHosting.Jobs;
using MarketAspire.LocalServers;
using MarketAspire.MarketApiSimulator;
using MarketAspire.Quality;
using MarketAspire.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace MarketAspire.Tests.QualityChecks;

/// <summary>A migrated warehouse seeded with a clean partition (as a load leaves it), and the quality job to run on it.</summary>
internal sealed class QualityHarness
{
    private QualityHarness(Dictionary<string, string?> settings) => Settings = settings;

    public Dictionary<string, string?> Settings { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<QualityHarness> StartAsync(SharedServers servers, string symbols = "IBM,MSFT,AAPL")
    {
        var settings = await servers.MigratedEnvironmentAsync(Ct);
        settings["MARKET_SYMBOLS"] = symbols;
        return new QualityHarness(settings);
    }

    /// <summary>The quality job on an environment another harness set up (a warehouse the warehouse job loaded).</summary>
    public static QualityHarness On(Dictionary<string, string?> settings) => new(settings);

    /// <summary>Seeds staging, the fact table and the staged_stock_prices record exactly as a clean load would.</summary>
    public async Task SeedCleanAsync(string partition, int days = 30, string? symbols = null)
    {
        var date = DailyPartition.Parse(partition).Date;
        var rows = 0;
        await using var dataSource = JobHarness.DataSource(Settings);
        await using var connection = await dataSource.OpenConnectionAsync(Ct);
        foreach (var symbol in (symbols ?? Settings["MARKET_SYMBOLS"]!).Split(','))
        {
            foreach (var bar in PriceSeriesGenerator.Generate(symbol, date, days))
            {
                foreach (var table in new[] { "stg_stock_prices", "fct_stock_prices" })
                {
                    await using var insert = new NpgsqlCommand(table == "fct_stock_prices"
                        ? "INSERT INTO market_data.fct_stock_prices (symbol, price_date, open, high, low, close, volume, partition_date, source_key, source_version, run_id, loaded_at) VALUES (@s, @d, @o, @h, @l, @c, @v, @p, 'k', 'v', 'seed', now())"
                        : "INSERT INTO market_data.stg_stock_prices (symbol, price_date, open, high, low, close, volume, partition_date, source_key, source_version, run_id) VALUES (@s, @d, @o, @h, @l, @c, @v, @p, 'k', 'v', 'seed')", connection);
                    insert.Parameters.AddWithValue("s", symbol);
                    insert.Parameters.AddWithValue("d", bar.Date);
                    insert.Parameters.AddWithValue("o", bar.Open);
                    insert.Parameters.AddWithValue("h", bar.High);
                    insert.Parameters.AddWithValue("l", bar.Low);
                    insert.Parameters.AddWithValue("c", bar.Close);
                    insert.Parameters.AddWithValue("v", bar.Volume);
                    insert.Parameters.AddWithValue("p", date);
                    await insert.ExecuteNonQueryAsync(Ct);
                }

                rows++;
            }
        }

        await using var record = new NpgsqlCommand(
            """
            INSERT INTO market_meta.materializations (run_id, asset, partition_date, status, started_at, finished_at, data_version, input_versions, code_version, metadata)
            VALUES ('seed', 'staged_stock_prices', @p, 'succeeded', now(), now(), 'v', '{}', '1', @metadata::jsonb)
            """, connection);
        record.Parameters.AddWithValue("p", date);
        record.Parameters.AddWithValue("metadata", string.Create(CultureInfo.InvariantCulture, $$"""{"raw_rows": {{rows + 2}}, "staged_rows": {{rows}}, "rejected_rows": 2}"""));
        await record.ExecuteNonQueryAsync(Ct);
    }

    public Task ExecuteAsync(string sql) => JobHarness.ExecuteAsync(Settings, sql, Ct);

    public async Task<int> RunAsync(string partition, TimeProvider? time = null, Action<IServiceProvider>? configure = null)
    {
        var builder = JobHarness.Builder(Settings, "--partition", partition);
        builder.AddDotEnvSettings().AddServiceDefaults();
        if (time is not null)
        {
            builder.Services.AddSingleton(time);
        }

        if (configure is not null)
        {
            builder.Services.AddSingleton<IHostedService>(sp => new ConfigureOnStart(sp, configure));
        }

        return await builder.RunJobAsync(QualityModule.Module, MarketAssets.Graph);
    }

    /// <summary>check name → (passed, summary) of the latest evaluation for the partition.</summary>
    public async Task<Dictionary<string, (bool Passed, string Summary)>> ResultsAsync(string partition)
    {
        await using var dataSource = JobHarness.DataSource(Settings);
        await using var cmd = dataSource.CreateCommand(
            "SELECT DISTINCT ON (check_name) check_name, passed, metadata->>'summary' FROM market_meta.check_evaluations WHERE partition_date = @p ORDER BY check_name, evaluated_at DESC");
        cmd.Parameters.AddWithValue("p", DailyPartition.Parse(partition).Date);
        var results = new Dictionary<string, (bool, string)>();
        await using var reader = await cmd.ExecuteReaderAsync(Ct);
        while (await reader.ReadAsync(Ct))
        {
            results[reader.GetString(0)] = (reader.GetBoolean(1), reader.GetString(2));
        }

        return results;
    }
}
