using MarketAspire.Quality.Checks;

namespace MarketAspire.Tests.QualityChecks;

public class CheckQueriesTests
{
    [Fact]
    public void Values_are_shown_as_a_user_reads_them_whatever_the_culture()
    {
        Assert.Equal("NULL", CheckQueries.Describe(null));
        Assert.Equal("2026-11-25", CheckQueries.Describe(new DateOnly(2026, 11, 25)));
        Assert.Equal("2026-11-25", CheckQueries.Describe(new DateTime(2026, 11, 25, 13, 30, 0, DateTimeKind.Unspecified)));
        Assert.Equal("1234.5", CheckQueries.Describe(1234.5m));
        Assert.Equal("IBM", CheckQueries.Describe("IBM"));
        Assert.Equal("True", CheckQueries.Describe(true));
    }
}
