namespace MarketAspire.Warehouse.Staging;

/// <summary>One raw object as the listing gives it.</summary>
public readonly record struct RawObjectListing(string Key, long Size);

/// <summary>
/// Splits a partition's raw objects, in key order, into contiguous ranges of about equal bytes, one per staging worker.
/// Each worker writes its range's rows into its own files, so the manifest (sorted by file name) lists the rows in
/// symbol order; with each object's rows in date order the COPY fills staging in primary-key order, and the fact
/// table's insert appends to the end of its index instead of splitting pages all over it.
/// </summary>
public static class KeyRanges
{
    public static IReadOnlyList<IReadOnlyList<string>> Split(IReadOnlyList<RawObjectListing> objects, int workers)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        var ordered = objects.OrderBy(o => o.Key, StringComparer.Ordinal).ToList();
        var count = Math.Min(workers, ordered.Count);
        // Every object weighs at least one byte, so empty objects are spread too.
        var total = ordered.Sum(o => Math.Max(1, o.Size));
        var ranges = new List<IReadOnlyList<string>>(count);
        var current = new List<string>();
        long seen = 0;
        for (var i = 0; i < ordered.Count; i++)
        {
            current.Add(ordered[i].Key);
            seen += Math.Max(1, ordered[i].Size);
            var rangesLeft = count - ranges.Count - 1;
            var objectsLeft = ordered.Count - i - 1;
            // Close the range once it holds its share of the bytes, or when each range still to come needs one of the objects left.
            if (rangesLeft > 0 && (seen * count >= total * (ranges.Count + 1) || objectsLeft == rangesLeft))
            {
                ranges.Add(current);
                current = [];
            }
        }

        if (current.Count > 0)
        {
            ranges.Add(current);
        }

        return ranges;
    }
}
