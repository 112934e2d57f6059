using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace MarketAspire.AppHost.Infrastructure;

/// <summary>Health checks the AppHost runs against the local infrastructure before any job may start.</summary>
internal static class ReadinessChecks
{
    public static async Task<HealthCheckResult> WarehouseAsync(LocalStackSettings settings, CancellationToken ct)
    {
        var connectionString = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = settings.WarehousePort,
            Database = settings.Database,
            Username = settings.User,
            Password = settings.Password,
            Pooling = false, // no idle connection may hold up the server's shutdown
            Timeout = 3,
        }.ConnectionString;
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(ct);
            await using var cmd = new NpgsqlCommand("SELECT 1", connection);
            await cmd.ExecuteScalarAsync(ct);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy($"warehouse at 127.0.0.1:{settings.WarehousePort} not ready: {ex.Message}");
        }
    }

    public static async Task<HealthCheckResult> S3Async(HttpClient http, LocalStackSettings settings, CancellationToken ct)
    {
        try
        {
            using var response = await http.GetAsync(new Uri($"{settings.S3Endpoint}/{settings.BucketName}?list-type=2&max-keys=1"), ct);
            return response.IsSuccessStatusCode
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"S3 at {settings.S3Endpoint}: bucket {settings.BucketName} answered {(int)response.StatusCode}");
        }
        catch (HttpRequestException ex)
        {
            return HealthCheckResult.Unhealthy($"S3 at {settings.S3Endpoint} not ready: {ex.Message}");
        }
    }
}
