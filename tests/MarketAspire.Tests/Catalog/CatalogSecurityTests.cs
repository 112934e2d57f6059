using System.Net;
using MarketAspire.Catalog;
using MarketAspire.Catalog.Security;
using MarketAspire.JobHosting.Configuration;
using MarketAspire.LocalServers;
using MarketAspire.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MarketAspire.Tests.Catalog;

/// <summary>
/// The catalog's guards in front of a stand-in page, in this process, over real HTTP: fast enough to judge each guard's
/// every branch (and for mutation testing, which sees only this process). <see cref="CatalogAttackTests"/> attacks the
/// real catalog process.
/// </summary>
[Collection(AloneCollection.Name)]
public class CatalogSecurityTests
{
    private const string Token = "security-test-token-0123456789";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The guards as the catalog orders them, then a stand-in page that answers any path and method with "page".</summary>
    private sealed class Guarded : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private int _reached;

        private Guarded(WebApplication app, int port)
        {
            _app = app;
            Client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        }

        public HttpClient Client { get; }

        public WebApplication App => _app;

        /// <summary>How many requests got past the guards to the page.</summary>
        public int Reached => Volatile.Read(ref _reached);

        public static async Task<Guarded> StartAsync(string? token, params string[] allowedHosts)
        {
            var port = FreePort.Next();
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
            var app = builder.Build();
            app.UseCatalogSecurity(new CatalogSettings
            {
                Reader = new WarehouseSettings { Host = "h", Port = 1, Database = "d", User = "u", Password = "p", Dialect = WarehouseDialect.Postgres },
                AccessToken = token,
                AllowedHosts = allowedHosts,
            });
            var guarded = new Guarded(app, port);
            app.Run(context =>
            {
                Interlocked.Increment(ref guarded._reached);
                return context.Response.WriteAsync("page", context.RequestAborted);
            });
            await app.StartAsync(Ct);
            return guarded;
        }

        public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, params (string Name, string Value)[] headers)
        {
            using var request = new HttpRequestMessage(method, path);
            foreach (var (name, value) in headers)
            {
                if (name == "Host")
                {
                    request.Headers.Host = value;
                }
                else
                {
                    request.Headers.TryAddWithoutValidation(name, value);
                }
            }

            return await Client.SendAsync(request, Ct);
        }

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await _app.DisposeAsync();
        }
    }

    [Theory]
    [InlineData("127.0.0.1", HttpStatusCode.OK)]
    [InlineData("localhost", HttpStatusCode.OK)]
    [InlineData("LOCALHOST", HttpStatusCode.OK)]
    [InlineData("[::1]", HttpStatusCode.OK)]
    [InlineData("127.0.0.2", HttpStatusCode.OK)]
    [InlineData("catalog.internal", HttpStatusCode.OK)]
    [InlineData("evil.example", HttpStatusCode.BadRequest)]
    [InlineData("127.0.0.1.nip.io", HttpStatusCode.BadRequest)]
    [InlineData("localhost.evil.example", HttpStatusCode.BadRequest)]
    [InlineData("10.0.0.1", HttpStatusCode.BadRequest)]
    public async Task Only_loopback_names_and_the_configured_hosts_are_answered(string host, HttpStatusCode expected)
    {
        await using var guarded = await Guarded.StartAsync(null, "catalog.internal", "catalog.lan");
        using var response = await guarded.SendAsync(HttpMethod.Get, "/runs", ("Host", host + ":4590"));
        Assert.Equal(expected, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync(Ct);
        if (expected == HttpStatusCode.BadRequest)
        {
            Assert.Contains("answers only to 127.0.0.1, localhost and [::1] and catalog.internal, catalog.lan: this request", body);
            Assert.Equal("text/html; charset=utf-8", response.Content.Headers.ContentType?.ToString());
            Assert.Equal(0, guarded.Reached);
        }
        else
        {
            Assert.Equal("page", body);
        }
    }

    [Fact]
    public async Task Without_configured_hosts_the_refusal_names_only_the_loopback_ones()
    {
        await using var guarded = await Guarded.StartAsync(null);
        using var response = await guarded.SendAsync(HttpMethod.Get, "/", ("Host", "catalog.internal"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("answers only to 127.0.0.1, localhost and [::1]: this request", await response.Content.ReadAsStringAsync(Ct));
    }

    [Theory]
    [InlineData("POST", "Origin", "http://evil.example", HttpStatusCode.Forbidden)]
    [InlineData("POST", "Origin", "null", HttpStatusCode.Forbidden)]
    [InlineData("POST", "Origin", "https://127.0.0.1:{port}", HttpStatusCode.Forbidden)]
    [InlineData("POST", "Origin", "http://127.0.0.1:{port}", HttpStatusCode.OK)]
    [InlineData("POST", "Sec-Fetch-Site", "cross-site", HttpStatusCode.Forbidden)]
    [InlineData("POST", "Sec-Fetch-Site", "same-site", HttpStatusCode.Forbidden)]
    [InlineData("POST", "Sec-Fetch-Site", "same-origin", HttpStatusCode.OK)]
    [InlineData("POST", "Sec-Fetch-Site", "none", HttpStatusCode.OK)]
    [InlineData("POST", "X-Nothing", "", HttpStatusCode.OK)]
    [InlineData("DELETE", "Origin", "http://evil.example", HttpStatusCode.Forbidden)]
    [InlineData("PUT", "Sec-Fetch-Site", "cross-site", HttpStatusCode.Forbidden)]
    [InlineData("GET", "Origin", "http://evil.example", HttpStatusCode.OK)]
    [InlineData("GET", "Sec-Fetch-Site", "cross-site", HttpStatusCode.OK)]
    [InlineData("HEAD", "Sec-Fetch-Site", "cross-site", HttpStatusCode.OK)]
    [InlineData("OPTIONS", "Sec-Fetch-Site", "cross-site", HttpStatusCode.OK)]
    public async Task A_request_that_changes_state_from_another_site_or_origin_is_refused_with_403(string method, string header, string value, HttpStatusCode expected)
    {
        await using var guarded = await Guarded.StartAsync(null);
        var port = guarded.Client.BaseAddress!.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var response = await guarded.SendAsync(new HttpMethod(method), "/materialize", (header, value.Replace("{port}", port, StringComparison.Ordinal)));
        Assert.Equal(expected, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync(Ct);
        if (expected == HttpStatusCode.Forbidden)
        {
            Assert.Contains("refuses forms posted from another site or origin", body);
            Assert.DoesNotContain("page", body);
            Assert.Equal(0, guarded.Reached);
        }
        else
        {
            Assert.Equal(1, guarded.Reached);
        }
    }

    [Fact]
    public async Task With_a_token_only_the_health_endpoints_answer_without_it_and_the_link_trades_it_for_a_strict_cookie()
    {
        await using var guarded = await Guarded.StartAsync(Token);
        foreach (var path in new[] { "/", "/runs", "/health/more", "/healthz", $"/?token={Token}x", $"/?token={Token}&token={Token}", $"/?t={Token}" })
        {
            using var refused = await guarded.SendAsync(HttpMethod.Get, path);
            Assert.True(refused.StatusCode == HttpStatusCode.Unauthorized, $"{path}: {(int)refused.StatusCode}");
            Assert.Contains("needs its access token", await refused.Content.ReadAsStringAsync(Ct));
        }

        foreach (var path in new[] { "/health", "/alive" })
        {
            using var open = await guarded.SendAsync(HttpMethod.Get, path);
            Assert.Equal((HttpStatusCode.OK, "page"), (open.StatusCode, await open.Content.ReadAsStringAsync(Ct)));
        }

        Assert.Equal(2, guarded.Reached);

        // Only a GET signs in: a form posted to the link is a 401 like any other request.
        using (var posted = await guarded.SendAsync(HttpMethod.Post, $"/materialize?token={Token}"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, posted.StatusCode);
        }

        using var link = await guarded.SendAsync(HttpMethod.Get, $"/partitions?end=2026-11-25&token={Token}&size=40");
        Assert.Equal(HttpStatusCode.Redirect, link.StatusCode);
        Assert.Equal("/partitions?end=2026-11-25&size=40", link.Headers.Location?.OriginalString);
        var cookie = Assert.Single(link.Headers.GetValues("Set-Cookie"));
        Assert.Equal($"{AccessToken.CookieName}={AccessToken.CookieValue(Token)}; path=/; samesite=strict; httponly", cookie);
        Assert.NotEqual(Token, AccessToken.CookieValue(Token));
        Assert.Equal(AccessToken.CookieValue(Token), AccessToken.CookieValue(Token));
        Assert.NotEqual(AccessToken.CookieValue(Token), AccessToken.CookieValue(Token + "x"));

        using (var signedIn = await guarded.SendAsync(HttpMethod.Get, "/runs", ("Cookie", cookie.Split(';')[0])))
        {
            Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        }

        foreach (var forged in new[] { $"{AccessToken.CookieName}={Token}", $"{AccessToken.CookieName}={AccessToken.CookieValue(Token)}0", $"other={AccessToken.CookieValue(Token)}" })
        {
            using var refused = await guarded.SendAsync(HttpMethod.Get, "/runs", ("Cookie", forged));
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }
    }

    [Theory]
    [InlineData("//evil.example/x", "/evil.example/x")]
    [InlineData("/%5Cevil.example/x", "/evil.example/x")]
    [InlineData("/", "/")]
    public async Task The_link_sends_the_browser_back_to_this_site_only(string path, string location)
    {
        await using var guarded = await Guarded.StartAsync(Token);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"{guarded.Client.BaseAddress}".TrimEnd('/') + path + $"?token={Token}"));
        using var link = await guarded.Client.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.Redirect, link.StatusCode);
        Assert.Equal(location, link.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Without_a_token_every_page_answers()
    {
        await using var guarded = await Guarded.StartAsync(null);
        using var response = await guarded.SendAsync(HttpMethod.Get, "/runs?token=anything");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Every_answer_of_every_guard_carries_the_security_headers()
    {
        await using var guarded = await Guarded.StartAsync(Token);
        var cookie = $"{AccessToken.CookieName}={AccessToken.CookieValue(Token)}";
        var answers = new[]
        {
            await guarded.SendAsync(HttpMethod.Get, "/runs", ("Cookie", cookie)),
            await guarded.SendAsync(HttpMethod.Get, "/runs"),
            await guarded.SendAsync(HttpMethod.Get, $"/?token={Token}"),
            await guarded.SendAsync(HttpMethod.Get, "/", ("Host", "evil.example")),
            await guarded.SendAsync(HttpMethod.Post, "/materialize", ("Cookie", cookie), ("Origin", "http://evil.example")),
            await guarded.SendAsync(HttpMethod.Get, "/health"),
        };
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Unauthorized, HttpStatusCode.Redirect, HttpStatusCode.BadRequest, HttpStatusCode.Forbidden, HttpStatusCode.OK],
            answers.Select(a => a.StatusCode));
        foreach (var answer in answers)
        {
            using (answer)
            {
                Assert.Equal(SecurityHeaders.ContentSecurityPolicy, answer.Headers.GetValues("Content-Security-Policy").Single());
                Assert.Equal("nosniff", answer.Headers.GetValues("X-Content-Type-Options").Single());
                Assert.Equal("DENY", answer.Headers.GetValues("X-Frame-Options").Single());
                Assert.Equal("same-origin", answer.Headers.GetValues("Referrer-Policy").Single());
                Assert.Equal("same-origin", answer.Headers.GetValues("Cross-Origin-Opener-Policy").Single());
            }
        }

        Assert.Contains("frame-ancestors 'none'", SecurityHeaders.ContentSecurityPolicy);
        Assert.Contains("script-src 'self';", SecurityHeaders.ContentSecurityPolicy);
        Assert.DoesNotContain("unsafe", SecurityHeaders.ContentSecurityPolicy);
    }

    [Fact]
    public async Task The_token_reaches_no_log_line_and_no_span_whatever_the_log_levels_and_the_instrumentations_own_redaction()
    {
        using var capture = new TelemetryCapture();
        var port = FreePort.Next();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Trace",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
            ["OTEL_DOTNET_EXPERIMENTAL_ASPNETCORE_DISABLE_URL_QUERY_REDACTION"] = "true",
        });
        builder.Logging.AddProvider(capture);
        builder.AddServiceDefaults();
        builder.AddTokenRedaction();
        await using var app = builder.Build();
        app.Run(context => context.Response.WriteAsync("page", context.RequestAborted));
        await app.StartAsync(Ct);

        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        Assert.Equal("page", await client.GetStringAsync($"/runs?page=1&token={Token}", Ct));
        Assert.Equal("page", await client.GetStringAsync("/partitions", Ct));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        while (!capture.All.Contains("url.query=?page=1&token=Redacted", StringComparison.Ordinal) || !capture.All.Contains("/partitions", StringComparison.Ordinal))
        {
            await Task.Delay(50, timeout.Token);
        }

        // The request's log lines are there (the hosting's own request lines excepted), the token in none of them.
        Assert.Contains("Microsoft.AspNetCore", capture.All);
        Assert.DoesNotContain("Request starting", capture.All);
        Assert.DoesNotContain(Token, capture.All);
    }

    [Theory]
    [InlineData("?token=abc&page=1", "?token=Redacted&page=1")]
    [InlineData("?page=1&TOKEN=abc", "?page=1&TOKEN=Redacted")]
    [InlineData("?page=1", "?page=1")]
    [InlineData("?tokens=abc", "?tokens=abc")]
    [InlineData("?token=a&token=b", "?token=Redacted")]
    [InlineData("?", "")]
    public void The_token_is_redacted_from_a_query_string_whatever_its_case(string query, string redacted) =>
        Assert.Equal(redacted, TokenRedaction.Query(query));

    [Theory]
    [InlineData("http://127.0.0.1:4590", true)]
    [InlineData("http://localhost:4590", true)]
    [InlineData("https://[::1]:4590", true)]
    [InlineData("http://127.0.0.9:4590", true)]
    [InlineData("http://0.0.0.0:4590", false)]
    [InlineData("http://*:4590", false)]
    [InlineData("http://+:4590", false)]
    [InlineData("http://[::]:4590", false)]
    [InlineData("http://10.1.2.3:4590", false)]
    [InlineData("http://catalog.internal:4590", false)]
    [InlineData("http://unix:/tmp/catalog.sock", false)]
    [InlineData("http://pipe:/catalog", false)]
    [InlineData("not an address", false)]
    public void Only_loopback_addresses_count_as_loopback(string address, bool loopback) =>
        Assert.Equal(loopback, LoopbackBinding.IsLoopback(address));

    [Fact]
    public void Without_a_token_the_first_non_loopback_address_is_refused_in_one_line_and_with_one_anything_goes()
    {
        Assert.Null(LoopbackBinding.Refusal(["http://127.0.0.1:1", "http://localhost:2"], null));
        Assert.Null(LoopbackBinding.Refusal([], null));
        Assert.Equal(
            $"The catalog will not listen on http://0.0.0.0:2, which is not loopback, without an access token: set {SettingKeys.CatalogToken}, or bind 127.0.0.1.",
            LoopbackBinding.Refusal(["http://127.0.0.1:1", "http://0.0.0.0:2", "http://*:3"], null));
        Assert.Null(LoopbackBinding.Refusal(["http://0.0.0.0:2"], Token));
    }

    [Fact]
    public async Task The_bound_addresses_are_what_the_server_listens_on()
    {
        await using var guarded = await Guarded.StartAsync(null);
        Assert.Equal([guarded.Client.BaseAddress!.ToString().TrimEnd('/')], LoopbackBinding.Bound(guarded.App));
    }

    [Fact]
    public void The_addresses_are_read_from_everywhere_ASP_NET_Core_reads_them()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:1; http://0.0.0.0:2",
            ["http_ports"] = "3;4",
            ["https_ports"] = "5",
            ["Kestrel:Endpoints:one:Url"] = "http://10.0.0.1:6",
        }).Build();
        Assert.Equal(["http://127.0.0.1:1", "http://0.0.0.0:2", "http://*:3", "http://*:4", "https://*:5", "http://10.0.0.1:6"],
            LoopbackBinding.ConfiguredAddresses(configuration));
        Assert.Empty(LoopbackBinding.ConfiguredAddresses(new ConfigurationBuilder().Build()));
    }

    [Theory]
    [InlineData(new string[0], "Production")]
    [InlineData(new[] { "--MARKET_CATALOG_DEVELOPER_ERRORS=true" }, "Development")]
    [InlineData(new[] { "--MARKET_CATALOG_DEVELOPER_ERRORS=True" }, "Development")]
    [InlineData(new[] { "--MARKET_CATALOG_DEVELOPER_ERRORS=false" }, "Production")]
    [InlineData(new[] { "--MARKET_CATALOG_DEVELOPER_ERRORS=yes" }, "Production")]
    [InlineData(new[] { "--environment=Development" }, "Production")]
    public void The_catalog_runs_as_Production_unless_its_own_developer_switch_is_on(string[] args, string environment)
    {
        var options = CatalogHosting.Options(args);
        Assert.Equal(environment, options.EnvironmentName);
        Assert.Equal(args, options.Args);
    }
}
