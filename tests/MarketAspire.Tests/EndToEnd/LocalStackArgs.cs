using MarketAspire.LocalServers;
using MarketAspire.Tests.Infrastructure;

namespace MarketAspire.Tests.EndToEnd;

/// <summary>
/// AppHost arguments for a process-mode stack on free ports with its state in a temp folder. Without a partition the
/// stack runs today's, as a user's does; a fixed past partition needs the simulator's time travel, which it turns on.
/// </summary>
internal sealed class LocalStackArgs : IDisposable
{
    public LocalStackArgs(string? partition, params string[] extra)
    {
        WarehousePort = FreePort.Next();
        S3Port = FreePort.Next();
        ApiPort = FreePort.Next();
        CatalogPort = FreePort.Next();
        StateDirectory = Path.Combine(Path.GetTempPath(), $"marketaspire-e2e-{Guid.NewGuid():N}");
        Args =
        [
            $"REDSHIFT_PORT={WarehousePort}",
            $"MARKET_LOCAL_S3_PORT={S3Port}",
            $"MARKET_LOCAL_API_PORT={ApiPort}",
            $"MARKET_LOCAL_CATALOG_PORT={CatalogPort}",
            "MARKET_LOCAL_INFRA=processes",
            $"MARKET_LOCAL_STATE_DIR={StateDirectory}",
            "MARKET_SCHEDULE=off",
            .. partition is null ? Array.Empty<string>() : [$"MARKET_PARTITION={partition}", "MARKET_API_TIME_TRAVEL=true"],
            .. extra,
        ];
    }

    public int WarehousePort { get; }

    public int S3Port { get; }

    public int ApiPort { get; }

    public int CatalogPort { get; }

    public string CatalogUrl => $"http://127.0.0.1:{CatalogPort}";

    public string StateDirectory { get; }

    public string[] Args { get; }

    public Dictionary<string, string?> WarehouseSettings => new()
    {
        ["REDSHIFT_HOST"] = "127.0.0.1",
        ["REDSHIFT_PORT"] = WarehousePort.ToString(),
        ["AWS_ENDPOINT_URL_S3"] = $"http://127.0.0.1:{S3Port}",
    };

    public void Dispose()
    {
        try
        {
            Directory.Delete(StateDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
