using System.Globalization;
using System.Text;

namespace MarketAspire.MarketApiSimulator;

/// <summary>One security of the simulated universe; <paramref name="MovedTo"/> is an exchange it moved to on a date.</summary>
public sealed record SimulatedListing(
    string Symbol, string Name, string Exchange, string AssetType, DateOnly IpoDate, DateOnly? DelistingDate, (DateOnly On, string Exchange)? MovedTo = null)
{
    public string ExchangeOn(DateOnly date) => MovedTo is { } move && date >= move.On ? move.Exchange : Exchange;

    public bool ListedOn(DateOnly date) => IpoDate <= date && (DelistingDate is not { } delisted || date < delisted);
}

/// <summary>
/// The simulator's LISTING_STATUS universe: the default symbols it serves prices for, plus the vendor's mess a parser must
/// survive: delisted symbols (their price series end the trading day before), a symbol that moves from NYSE MKT to
/// NASDAQ in 2018, a ticker change (RENM to RNMD in 2019), a warrant and a unit listed as <c>Stock</c>, an ETF, names with commas in quotes, and the literal
/// <c>null</c> for no delisting date. Any other symbol the simulator serves prices for is simply not listed.
/// </summary>
public static class ListingStatus
{
    public const string Header = "symbol,name,exchange,assetType,ipoDate,delistingDate,status";

    public static readonly IReadOnlyList<SimulatedListing> Universe =
    [
        new("AAPL", "Apple Inc", "NASDAQ", "Stock", new(1980, 12, 12), null),
        new("AMZN", "Amazon.com Inc", "NASDAQ", "Stock", new(1997, 5, 15), null),
        new("GOOGL", "Alphabet Inc - Class A", "NASDAQ", "Stock", new(2004, 8, 19), null),
        new("IBM", "International Business Machines Corp", "NYSE", "Stock", new(1962, 1, 2), null),
        new("JPM", "JPMorgan Chase & Co", "NYSE", "Stock", new(1980, 3, 17), null),
        new("META", "Meta Platforms Inc - Class A", "NASDAQ", "Stock", new(2012, 5, 18), null),
        new("MSFT", "Microsoft Corporation", "NASDAQ", "Stock", new(1986, 3, 13), null),
        new("NVDA", "NVIDIA Corp", "NASDAQ", "Stock", new(1999, 1, 22), null),
        new("SPY", "SPDR S&P 500 ETF Trust", "NYSE ARCA", "ETF", new(1993, 1, 22), null),
        new("ACME", "Acme Widgets, Inc.", "NYSE", "Stock", new(2001, 6, 1), null),
        new("ACMEW", "Acme Widgets, Inc. - Warrants (01/01/2030)", "NYSE", "Stock", new(2021, 3, 1), null),
        new("MOVR", "Mover Holdings Corp", "NYSE MKT", "Stock", new(2005, 4, 4), null, (new(2018, 7, 2), "NASDAQ")),
        new("SPCU", "Space Acquisition Corp I - Units (1 Ord Share Class A & 1/2 War)", "NASDAQ", "Stock", new(2020, 10, 1), new(2022, 12, 16)),
        new("OLDCO", "Old Company Inc", "NYSE", "Stock", new(2000, 1, 3), new(2015, 9, 18)),
        new("GONE", "Gone Fishing, Bait & Tackle, Corp.", "NASDAQ", "Stock", new(2003, 2, 3), new(2012, 11, 30)),

        // A ticker change as the lists show one: the old symbol delisted the day the new one "IPOs", under the same name.
        new("RENM", "Renamed Holdings Inc", "NYSE", "Stock", new(2006, 3, 1), new(2019, 4, 1)),
        new("RNMD", "Renamed Holdings Inc", "NYSE", "Stock", new(2019, 4, 1), null),
    ];

    public static SimulatedListing? Find(string symbol) => Universe.FirstOrDefault(l => l.Symbol == symbol);

    /// <summary>The last day the simulator has a bar for <paramref name="symbol"/>: the day before its delisting, else <paramref name="asOf"/>.</summary>
    public static DateOnly LastDay(string symbol, DateOnly asOf) =>
        Find(symbol)?.DelistingDate is { } delisted && delisted <= asOf ? delisted.AddDays(-1) : asOf;

    /// <summary>
    /// The CSV Alpha Vantage answers for <c>state</c> (active or delisted) on <paramref name="date"/>: the active list holds
    /// what is listed that day (delisting date <c>null</c>), the delisted list what was delisted by then; sorted by symbol.
    /// </summary>
    public static string Csv(bool delisted, DateOnly date)
    {
        var csv = new StringBuilder(Header).Append("\r\n");
        var rows = delisted
            ? Universe.Where(l => l.DelistingDate is { } d && d <= date)
            : Universe.Where(l => l.ListedOn(date));
        foreach (var listing in rows.OrderBy(l => l.Symbol, StringComparer.Ordinal))
        {
            csv.Append(listing.Symbol).Append(',')
                .Append(Quoted(listing.Name)).Append(',')
                .Append(listing.ExchangeOn(delisted ? listing.DelistingDate!.Value.AddDays(-1) : date)).Append(',')
                .Append(listing.AssetType).Append(',')
                .Append(Format(listing.IpoDate)).Append(',')
                .Append(delisted ? Format(listing.DelistingDate!.Value) : "null").Append(',')
                .Append(delisted ? "Delisted" : "Active").Append("\r\n");
        }

        return csv.ToString();
    }

    private static string Quoted(string name) => name.Contains(',') || name.Contains('"') ? $"\"{name.Replace("\"", "\"\"")}\"" : name;

    private static string Format(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
