using MarketAspire.AssetGraph.Partitions;
using MarketAspire.JobHosting.Configuration;
using Npgsql;

namespace MarketAspire.Quality;

/// <summary>
/// A landing date older than staging's retention line has left staging (the warehouse's V013), so the checks that read
/// its staged rows would judge an empty partition: the job refuses it instead of reporting those verdicts.
/// </summary>
public static class FrozenPartition
{
    public const string Line = "SELECT frozen_before FROM market_data.stg_retention";

    public static async Task<string?> RefusalAsync(NpgsqlConnection connection, DailyPartition partition, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(Line, connection);
        var line = await cmd.ExecuteScalarAsync(ct) switch
        {
            DateOnly date => date,
            DateTime time => DateOnly.FromDateTime(time),
            _ => DateOnly.MinValue,
        };
        return partition.Date < line
            ? $"checks on {partition}: its staged rows were pruned (staging keeps the landing dates of {SettingKeys.WarehouseStagingRetentionDays} " +
              $"days before the newest one loaded; landing dates before {line:yyyy-MM-dd} are frozen), so they cannot be checked again. " +
              "The evaluations recorded when it was loaded stand."
            : null;
    }
}
