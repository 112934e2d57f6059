using MarketAspire.AssetGraph.Partitions;
using MarketAspire.JobHosting.Configuration;

namespace MarketAspire.Quality;

/// <summary>
/// A landing date older than staging's retention line has left staging (the warehouse's V013), so the checks that read
/// its staged rows would judge an empty partition: the job refuses it instead of reporting those verdicts.
/// </summary>
public static class FrozenPartition
{
    public const string Line = "SELECT frozen_before FROM market_data.stg_retention";

    /// <summary>Why the partition cannot be checked, given the line <see cref="Line"/> read; null when it can.</summary>
    public static string? Refusal(DailyPartition partition, object? line)
    {
        var frozenBefore = line switch
        {
            DateOnly date => date,
            DateTime time => DateOnly.FromDateTime(time),
            _ => DateOnly.MinValue,
        };
        return partition.Date < frozenBefore
            ? $"checks on {partition}: its staged rows were pruned (staging keeps the landing dates of {SettingKeys.WarehouseStagingRetentionDays} " +
              $"days before the newest one loaded; landing dates before {frozenBefore:yyyy-MM-dd} are frozen), so they cannot be checked again. " +
              "The evaluations recorded when it was loaded stand."
            : null;
    }
}
