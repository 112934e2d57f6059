using System.Globalization;
using MarketAspire.JobHosting.Configuration;
using Microsoft.Extensions.Configuration;

namespace MarketAspire.Quality;

/// <summary>The symbols the freshness check expects and the thresholds of the checks.</summary>
public sealed class QualitySettings
{

    public required IReadOnlyList<string> Symbols { get; init; }

    /// <summary>A close that moves more than this percentage from the previous trading day's close is reported.</summary>
    public decimal PriceJumpPercent { get; init; } = 25m;

    /// <summary>When the day's data is published (America/New_York); before it, today's partition expects the previous day.</summary>
    public TimeOnly PublishTime { get; init; } = new(17, 0);

    /// <summary>A restated close that moves more than this percentage, on a bar at least <see cref="RestatementMinAgeDays"/> old, stops the run.</summary>
    public decimal RestatementTolerancePercent { get; init; } = 1m;

    /// <summary>Trading days before the landing's latest trading day from which a restatement beyond the tolerance is an ERROR.</summary>
    public int RestatementMinAgeDays { get; init; } = 5;

    public static QualitySettings From(IConfiguration configuration)
    {
        var problems = new List<string>();
        var symbolsText = configuration[SettingKeys.MarketSymbols] is { Length: > 0 } s ? s : SettingKeys.DefaultSymbols;
        var symbols = symbolsText.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct().ToList();
        problems.AddRange(symbols.Where(x => !JobHosting.Lake.Symbols.IsValid(x)).Select(x => $"{SettingKeys.MarketSymbols}: '{x}' is not a valid symbol."));

        var jump = Percentage(configuration, SettingKeys.QualityPriceJumpPercent, 25m, problems);
        var tolerance = Percentage(configuration, SettingKeys.QualityRestatementTolerancePercent, 1m, problems);
        var minAge = SettingsReader.Number(SettingKeys.QualityRestatementMinAgeDays, configuration[SettingKeys.QualityRestatementMinAgeDays] is { Length: > 0 } age ? age : null, 5, 0, problems);

        var publish = new TimeOnly(17, 0);
        if (configuration[SettingKeys.QualityPublishTime] is { Length: > 0 } publishText &&
            !TimeOnly.TryParseExact(publishText, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out publish))
        {
            problems.Add($"{SettingKeys.QualityPublishTime} must be a time HH:mm (America/New_York), not '{publishText}'.");
        }

        ConfigurationException.ThrowIfAny(problems);
        return new QualitySettings
        {
            Symbols = symbols, PriceJumpPercent = jump, PublishTime = publish, RestatementTolerancePercent = tolerance, RestatementMinAgeDays = minAge,
        };
    }

    private static decimal Percentage(IConfiguration configuration, string key, decimal fallback, List<string> problems)
    {
        if (configuration[key] is not { Length: > 0 } text)
        {
            return fallback;
        }

        if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) || value <= 0)
        {
            problems.Add($"{key} must be a positive percentage, not '{text}'.");
        }

        return value;
    }
}
