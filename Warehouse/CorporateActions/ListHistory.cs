namespace MarketAspire.Warehouse.CorporateActions;

/// <summary>An entry's version: it was in every counted list from <paramref name="From"/> until the first counted list without it.</summary>
public sealed record EntryVersion<T>(T Entry, DateOnly From, DateOnly? Until);

/// <summary>
/// The history of a symbol's SPLITS or DIVIDENDS list over its landing dates. Only lists with at least one valid entry
/// count (an empty answer withdraws nothing); as of landing date D the symbol's list is the latest counted one on or
/// before D. Stored as versions per entry, the history is rebuilt whole on every load: expanded to "which counted lists
/// held the entry", one landing date's list replaced, compressed back to runs. So loads in any order, and re-runs,
/// give the same versions.
/// </summary>
public static class ListHistory
{
    /// <param name="versions">The symbol's stored versions.</param>
    /// <param name="counted">The landing dates whose lists counted, as stored (may include <paramref name="landing"/>).</param>
    /// <param name="landing">The landing date being loaded.</param>
    /// <param name="list">Its list's valid entries; empty when it does not count.</param>
    public static (IReadOnlyList<EntryVersion<T>> Versions, IReadOnlyList<DateOnly> Counted) Replace<T>(
        IEnumerable<EntryVersion<T>> versions, IEnumerable<DateOnly> counted, DateOnly landing, IReadOnlyCollection<T> list)
        where T : notnull
    {
        var landings = new SortedSet<DateOnly>(counted);
        var held = new Dictionary<T, SortedSet<DateOnly>>();
        foreach (var version in versions)
        {
            var dates = held.TryGetValue(version.Entry, out var existing) ? existing : held[version.Entry] = [];
            dates.UnionWith(landings.Where(d => d >= version.From && (version.Until is not { } until || d < until)));
        }

        landings.Remove(landing);
        foreach (var dates in held.Values)
        {
            dates.Remove(landing);
        }

        if (list.Count > 0)
        {
            landings.Add(landing);
            foreach (var entry in list.Distinct())
            {
                (held.TryGetValue(entry, out var dates) ? dates : held[entry] = []).Add(landing);
            }
        }

        var ordered = landings.ToList();
        var rebuilt = new List<EntryVersion<T>>();
        foreach (var (entry, dates) in held)
        {
            DateOnly? from = null;
            foreach (var date in ordered)
            {
                if (dates.Contains(date))
                {
                    from ??= date;
                }
                else if (from is { } start)
                {
                    rebuilt.Add(new EntryVersion<T>(entry, start, date));
                    from = null;
                }
            }

            if (from is { } open)
            {
                rebuilt.Add(new EntryVersion<T>(entry, open, null));
            }
        }

        return (rebuilt, ordered);
    }
}
