using System.Globalization;
using MarketAspire.JobHosting.Configuration;
using Microsoft.Extensions.Configuration;

namespace MarketAspire.Quality;

/// <summary>The symbols the freshness check expects and the thresholds of the checks.</summary>
public sealed class QualitySettings
{
    public const string PriceJumpKey = "QUALITY_PRICE_JUMP_PERCENT";
    public const string PublishTimeKey = "QUALITY_PUBLISH_TIME";

    public required IReadOnlyList<string> Symbols { get; init; }

    /// <summary>A close that moves more than this percentage from the previous trading day's close is reported.</summary>
    public decimal PriceJumpPercent { get; init; } = 25m;

    /// <summary>When the day's data is published (America/New_York); before it, today's partition expects the previous day.</summary>
    public TimeOnly PublishTime { get; init; } = new(17, 0);

    public static QualitySettings From(IConfiguration configuration)
    {
        var problems = new List<string>();
        var symbolsText = configuration[SettingKeys.MarketSymbols] is { Length: > 0 } s ? s : SettingKeys.DefaultSymbols;
        var symbols = symbolsText.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct().ToList();
        problems.AddRange(symbols.Where(x => !JobHosting.Lake.Symbols.IsValid(x)).Select(x => $"MARKET_SYMBOLS: '{x}' is not a valid symbol."));

        var jump = 25m;
        if (configuration[PriceJumpKey] is { Length: > 0 } jumpText &&
            (!decimal.TryParse(jumpText, NumberStyles.Number, CultureInfo.InvariantCulture, out jump) || jump <= 0))
        {
            problems.Add($"{PriceJumpKey} must be a positive percentage, not '{jumpText}'.");
        }

        var publish = new TimeOnly(17, 0);
        if (configuration[PublishTimeKey] is { Length: > 0 } publishText &&
            !TimeOnly.TryParseExact(publishText, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out publish))
        {
            problems.Add($"{PublishTimeKey} must be a time HH:mm (America/New_York), not '{publishText}'.");
        }

        ConfigurationException.ThrowIfAny(problems);
        return new QualitySettings { Symbols = symbols, PriceJumpPercent = jump, PublishTime = publish };
    }
}
