using MarketAspire.Warehouse.Staging;

namespace MarketAspire.Tests.Warehousing;

/// <summary>How a partition's raw objects are shared among the staging workers: contiguous in key order, about equal in bytes.</summary>
public class KeyRangesTests
{
    private static RawObjectListing Object(string key, long size) => new(key, size);

    [Fact]
    public void Ranges_are_contiguous_in_ordinal_key_order_and_cover_every_object_once()
    {
        var objects = new[] { Object("d", 10), Object("a", 10), Object("c", 10), Object("B", 10), Object("b", 10), Object("e", 10) };

        var ranges = KeyRanges.Split(objects, 3);

        Assert.Equal([["B", "a"], ["b", "c"], ["d", "e"]], ranges);
    }

    [Fact]
    public void Ranges_hold_about_equal_bytes_rather_than_equal_counts()
    {
        var objects = new[] { Object("a", 900), Object("b", 100), Object("c", 100), Object("d", 100), Object("e", 100), Object("f", 100), Object("g", 400) };

        var ranges = KeyRanges.Split(objects, 2);

        Assert.Equal([["a"], ["b", "c", "d", "e", "f", "g"]], ranges);
    }

    [Fact]
    public void A_range_closes_once_it_holds_its_share()
    {
        var ranges = KeyRanges.Split([Object("a", 50), Object("b", 50), Object("c", 50), Object("d", 50)], 2);

        Assert.Equal([["a", "b"], ["c", "d"]], ranges);
    }

    [Fact]
    public void Every_worker_gets_an_object_when_one_object_outweighs_the_rest()
    {
        var ranges = KeyRanges.Split([Object("a", 10), Object("b", 1_000_000), Object("c", 10), Object("d", 10)], 4);

        Assert.Equal([["a"], ["b"], ["c"], ["d"]], ranges);
    }

    [Fact]
    public void Empty_objects_are_spread_too()
    {
        var ranges = KeyRanges.Split([Object("a", 0), Object("b", 0), Object("c", 0), Object("d", 0)], 2);

        Assert.Equal([["a", "b"], ["c", "d"]], ranges);
    }

    [Fact]
    public void Fewer_objects_than_workers_gives_one_range_each_and_none_empty()
    {
        Assert.Equal([["a"], ["b"]], KeyRanges.Split([Object("b", 5), Object("a", 5)], 8));
        Assert.Empty(KeyRanges.Split([], 2));
        Assert.Equal([["a", "b"]], KeyRanges.Split([Object("b", 5), Object("a", 5)], 1));
    }

    [Fact]
    public void No_workers_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => KeyRanges.Split([Object("a", 1)], 0));
    }
}
