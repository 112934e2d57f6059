using MarketAspire.Warehouse.Staging;

namespace MarketAspire.Tests.Warehousing;

public class RawBodyTests
{
    [Theory]
    [InlineData(0, 100_000)]
    [InlineData(10, 100_000)]
    [InlineData(100_000, 100_000)]
    [InlineData(1 << 16, 1 << 16)]
    [InlineData(100, 0)]
    public async Task The_whole_stream_is_read_whatever_length_was_announced(int announced, int actual)
    {
        var bytes = Enumerable.Range(0, actual).Select(i => (byte)(i * 7)).ToArray();
        using var body = new RawBody(announced);

        await body.FillAsync(new MemoryStream(bytes), TestContext.Current.CancellationToken);

        Assert.Equal(actual, body.Length);
        Assert.True(body.Bytes.SequenceEqual(bytes));
    }
}
