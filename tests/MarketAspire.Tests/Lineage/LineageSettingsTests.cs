using MarketAspire.JobHosting.Configuration;
using MarketAspire.JobHosting.Lineage;
using Microsoft.Extensions.Configuration;

namespace MarketAspire.Tests.Lineage;

public class LineageSettingsTests
{
    private static LineageSettings Read(params (string Key, string Value)[] values) => LineageSettings.From(
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build());

    [Fact]
    public void Lineage_is_off_unless_a_transport_is_named()
    {
        var settings = Read();

        Assert.Equal((LineageTransportKind.Off, "marketaspire", TimeSpan.FromSeconds(5)), (settings.Transport, settings.Namespace, settings.Timeout));
    }

    [Fact]
    public void The_http_transport_needs_a_url_and_says_so_naming_the_key()
    {
        var ex = Assert.Throws<ConfigurationException>(() => Read((SettingKeys.OpenLineageTransport, "http")));

        Assert.Contains(SettingKeys.OpenLineageUrl, ex.Message);
    }

    [Fact]
    public void Malformed_values_are_named_by_key_and_the_url_and_key_are_never_repeated()
    {
        var ex = Assert.Throws<ConfigurationException>(() => Read(
            (SettingKeys.OpenLineageTransport, "kafka"), (SettingKeys.OpenLineageTimeout, "0"), (SettingKeys.OpenLineageApiKey, "sk-secret")));
        var badUrl = Assert.Throws<ConfigurationException>(() => Read(
            (SettingKeys.OpenLineageTransport, "http"), (SettingKeys.OpenLineageUrl, "ftp://host/?token=sk-secret")));

        Assert.Contains(SettingKeys.OpenLineageTransport, ex.Message);
        Assert.Contains(SettingKeys.OpenLineageTimeout, ex.Message);
        Assert.Contains(SettingKeys.OpenLineageUrl, badUrl.Message);
        Assert.DoesNotContain("sk-secret", ex.Message + badUrl.Message);
    }

    [Fact]
    public void The_destination_a_log_names_is_the_scheme_and_host_only()
    {
        var settings = Read((SettingKeys.OpenLineageTransport, "HTTP"), (SettingKeys.OpenLineageUrl, "https://user:pw@lineage.example.com:8443/api/v1/lineage?token=t0k"));

        Assert.Equal("https://lineage.example.com:8443", settings.Destination);
    }
}
