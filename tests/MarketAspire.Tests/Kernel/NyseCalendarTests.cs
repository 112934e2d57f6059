using MarketAspire.AssetGraph.Partitions;

namespace MarketAspire.Tests.Kernel;

public class NyseCalendarTests
{
    // The exchange's published full-day closures (nyse.com "Holidays & Trading Hours"), 2024–2027.
    public static TheoryData<int, string[]> PublishedHolidays => new()
    {
        { 2024, ["2024-01-01", "2024-01-15", "2024-02-19", "2024-03-29", "2024-05-27", "2024-06-19", "2024-07-04", "2024-09-02", "2024-11-28", "2024-12-25"] },
        { 2025, ["2025-01-01", "2025-01-09", "2025-01-20", "2025-02-17", "2025-04-18", "2025-05-26", "2025-06-19", "2025-07-04", "2025-09-01", "2025-11-27", "2025-12-25"] },
        { 2026, ["2026-01-01", "2026-01-19", "2026-02-16", "2026-04-03", "2026-05-25", "2026-06-19", "2026-07-03", "2026-09-07", "2026-11-26", "2026-12-25"] },
        { 2027, ["2027-01-01", "2027-01-18", "2027-02-15", "2027-03-26", "2027-05-31", "2027-06-18", "2027-07-05", "2027-09-06", "2027-11-25", "2027-12-24"] },
    };

    [Theory]
    [MemberData(nameof(PublishedHolidays))]
    public void Weekday_closures_of_a_year_match_the_published_list(int year, string[] published)
    {
        var computed = Enumerable.Range(0, DateTime.IsLeapYear(year) ? 366 : 365)
            .Select(i => new DateOnly(year, 1, 1).AddDays(i))
            .Where(d => d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !NyseCalendar.IsTradingDay(d))
            .Select(d => d.ToString("yyyy-MM-dd"))
            .ToArray();

        Assert.Equal(published, computed);
    }

    [Theory]
    [InlineData("2026-11-26", "2026-11-25")] // Thanksgiving
    [InlineData("2026-11-28", "2026-11-27")] // Saturday
    [InlineData("2026-11-29", "2026-11-27")] // Sunday
    [InlineData("2026-11-27", "2026-11-27")] // a trading Friday
    [InlineData("2026-04-05", "2026-04-02")] // Easter Sunday after Good Friday
    [InlineData("2027-07-05", "2027-07-02")] // Independence Day observed on Monday
    [InlineData("2022-01-01", "2021-12-31")] // New Year's Day on a Saturday: the Friday before stays open
    public void Latest_trading_day_on_or_before_skips_weekends_and_holidays(string date, string expected)
    {
        Assert.Equal(DateOnly.Parse(expected), NyseCalendar.LatestTradingDayOnOrBefore(DateOnly.Parse(date)));
    }

    [Fact]
    public void Juneteenth_is_a_holiday_only_from_2022()
    {
        Assert.True(NyseCalendar.IsTradingDay(new DateOnly(2021, 6, 18)));
        Assert.False(NyseCalendar.IsTradingDay(new DateOnly(2022, 6, 20)));
    }

    [Fact]
    public void A_year_has_about_252_trading_days()
    {
        Assert.Equal(250, NyseCalendar.TradingDays(new DateOnly(2025, 1, 1), new DateOnly(2025, 12, 31)).Count());
        Assert.Equal(251, NyseCalendar.TradingDays(new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31)).Count());
    }

    [Fact]
    public void Next_and_previous_trading_day_cross_a_holiday_weekend()
    {
        Assert.Equal(new DateOnly(2026, 4, 6), NyseCalendar.NextTradingDay(new DateOnly(2026, 4, 2)));
        Assert.Equal(new DateOnly(2026, 4, 2), NyseCalendar.PreviousTradingDay(new DateOnly(2026, 4, 6)));
    }

    [Fact]
    public void Every_day_from_1990_to_2023_matches_the_published_session_list()
    {
        var published = File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Kernel", "Resources", "xnys-sessions.txt"))
            .Where(line => !line.StartsWith('#'))
            .Select(DateOnly.Parse)
            .ToList();
        Assert.True(published.Count > 8000, $"the session list holds {published.Count} dates");

        var from = published[0];
        var to = published[^1];
        var sessions = published.ToHashSet();
        var disagreements = new List<string>();
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            if (NyseCalendar.IsTradingDay(day) != sessions.Contains(day))
            {
                disagreements.Add($"{day:yyyy-MM-dd} ({(sessions.Contains(day) ? "a session, computed closed" : "closed, computed a session")})");
            }
        }

        Assert.Empty(disagreements);
    }
}
