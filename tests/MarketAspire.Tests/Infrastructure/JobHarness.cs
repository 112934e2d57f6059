using MarketAspire.AssetGraph.Records;
using MarketAspire.JobHosting.Configuration;
using MarketAspire.JobHosting.Records;
using MarketAspire.JobHosting.Storage;
using MarketAspire.LocalServers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace MarketAspire.Tests.Infrastructure;

/// <summary>Builds a service's host in process against an isolated database and bucket, as its Program.cs would.</summary>
internal static class JobHarness
{
    /// <summary>
    /// The catalog user's password for every test that creates it. Users are the server's, not a database's: tests that
    /// set different passwords at once made a running catalog's next connection fail to sign in (a 500 now and then).
    /// </summary>
    public const string CatalogPassword = "catalog-role-9f2c";

    public static HostApplicationBuilder Builder(IDictionary<string, string?> settings, params string[] args)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(settings);
        return builder;
    }

    public static async Task<WarehouseDatabase> OpenWarehouseAsync(IDictionary<string, string?> settings)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new WarehouseDatabase(WarehouseSettings.From(config), "tests");
    }

    /// <summary>Creates the catalog's read-only user (and the other service users) with <see cref="CatalogPassword"/>.</summary>
    public static async Task EnsureCatalogUserAsync(IDictionary<string, string?> settings, CancellationToken ct)
    {
        await using var owner = DataSource(settings);
        await using var connection = await owner.OpenConnectionAsync(ct);
        var users = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["MARKET_DB_PASSWORD_CATALOG"] = CatalogPassword }).Build();
        await MarketAspire.Warehouse.Migrations.ServiceUsers.EnsureAsync(connection, MarketAspire.AssetGraph.Graph.MarketAssets.Graph, users, ct);
    }

    public static async Task<T?> ScalarAsync<T>(IDictionary<string, string?> settings, string sql, CancellationToken ct)
    {
        await using var db = await OpenWarehouseAsync(settings);
        await using var cmd = db.DataSource.CreateCommand(sql);
        var value = await cmd.ExecuteScalarAsync(ct);
        return value is null or DBNull ? default : (T)Convert.ChangeType(value, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static async Task<List<RunRecord>> RunsAsync(IDictionary<string, string?> settings, CancellationToken ct)
    {
        await using var db = await OpenWarehouseAsync(settings);
        var meta = new MetaStore(db.DataSource, db.Dialect);
        return [.. await meta.RecentRunsAsync(100, ct)];
    }

    public static async Task ExecuteAsync(IDictionary<string, string?> settings, string sql, CancellationToken ct)
    {
        await using var db = await OpenWarehouseAsync(settings);
        await using var cmd = db.DataSource.CreateCommand(sql);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public static NpgsqlDataSource DataSource(IDictionary<string, string?> settings)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return NpgsqlDataSource.Create(WarehouseSettings.From(config).ConnectionString("tests"));
    }
}
