using System.Net;
using MarketAspire.Tests.Infrastructure;
using Microsoft.Playwright;

namespace MarketAspire.Tests.Catalog;

/// <summary>
/// The catalog attacked over HTTP, as a page a user visits (DNS rebinding, cross-site posts), a neighbour on the network
/// (no token), a careless or hostile request (huge ranges, racing posts) and hostile warehouse content would attack it.
/// </summary>
public class CatalogAttackTests(CatalogUnderAttack stack, SharedServers servers) : IClassFixture<CatalogUnderAttack>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static HttpRequestMessage Get(string path, string? host = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (host is not null)
        {
            request.Headers.Host = host;
        }

        return request;
    }

    private static HttpRequestMessage Post(string path, (string Token, string Cookie)? form, Dictionary<string, string> fields, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new FormUrlEncodedContent(form is { } f ? new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = f.Token } : fields),
        };
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return request;
    }

    private static Dictionary<string, string> Materialize(string partition) => new() { ["partition"] = partition, ["asset"] = "raw_stock_prices" };

    private async Task<HttpResponseMessage> SendWithFormCookieAsync(HttpClient client, HttpRequestMessage request, (string Token, string Cookie) form)
    {
        var cookies = string.Join("; ", client.DefaultRequestHeaders.TryGetValues("Cookie", out var signedIn) ? signedIn : []);
        request.Headers.TryAddWithoutValidation("Cookie", cookies.Length == 0 ? form.Cookie : $"{cookies}; {form.Cookie}");
        using var bare = stack.Catalog.Client();
        return await bare.SendAsync(request, Ct);
    }

    [Theory]
    [InlineData("evil.example")]
    [InlineData("evil.example:4590")]
    [InlineData("127.0.0.1.nip.io")]
    [InlineData("localhost.evil.example")]
    public async Task A_foreign_Host_is_refused_with_400(string host)
    {
        using var client = await stack.SignedInClientAsync(Ct);
        using var response = await client.SendAsync(Get("/runs", host), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("answers only to", await response.Content.ReadAsStringAsync(Ct));

        foreach (var loopback in new[] { $"127.0.0.1:{stack.Catalog.Port}", $"localhost:{stack.Catalog.Port}", $"[::1]:{stack.Catalog.Port}" })
        {
            using var fine = await client.SendAsync(Get("/runs", loopback), Ct);
            Assert.Equal(HttpStatusCode.OK, fine.StatusCode);
        }
    }

    [Fact]
    public async Task A_cross_site_POST_is_refused_with_403_even_with_the_pages_antiforgery_token()
    {
        // What a rebinding page could do: read the form's token, then post it from its own origin.
        using var client = await stack.SignedInClientAsync(Ct);
        const string partition = "2026-11-02";
        var form = await CatalogUnderAttack.FormAsync(client, $"/materialize?partition={partition}&asset=raw_stock_prices", Ct);
        foreach (var header in new[] { ("Origin", "http://evil.example"), ("Origin", "null"), ("Sec-Fetch-Site", "cross-site"), ("Sec-Fetch-Site", "same-site") })
        {
            using var response = await SendWithFormCookieAsync(client, Post("/materialize", form, Materialize(partition), header), form);
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{header}: {(int)response.StatusCode}");
        }

        Assert.DoesNotContain(stack.Invocations, line => line.Contains(partition, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_POST_without_the_antiforgery_token_is_refused_with_400()
    {
        using var client = await stack.SignedInClientAsync(Ct);
        using var response = await client.SendAsync(Post("/materialize", null, Materialize("2026-11-03")), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("form", await response.Content.ReadAsStringAsync(Ct));
        Assert.DoesNotContain(stack.Invocations, line => line.Contains("2026-11-03", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("--urls", "http://0.0.0.0:{0}")]
    [InlineData("--urls", "http://+:{0}")]
    [InlineData("ASPNETCORE_URLS", "http://*:{0}")]
    [InlineData("ASPNETCORE_HTTP_PORTS", "{0}")]
    public async Task A_non_loopback_bind_without_a_token_refuses_to_start_with_one_line(string how, string value)
    {
        var settings = new Dictionary<string, string?>(await servers.IsolatedEnvironmentAsync(Ct)) { ["MARKET_DB_PASSWORD_CATALOG"] = "x" };
        var bind = string.Format(System.Globalization.CultureInfo.InvariantCulture, value, LocalServers.FreePort.Next());
        string[] args = [];
        if (how.StartsWith("--", StringComparison.Ordinal))
        {
            args = [how, bind];
        }
        else
        {
            settings[how] = bind;
        }

        var (exitCode, output) = await CatalogProcess.RunToEndAsync(settings, args, Ct);
        Assert.Equal(2, exitCode);
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Contains("MARKET_CATALOG_TOKEN", line);
        Assert.Contains("loopback", line);
    }

    [Fact]
    public async Task With_a_token_every_endpoint_answers_401_without_it_and_the_link_gives_an_HttpOnly_SameSite_Strict_cookie()
    {
        using var anonymous = stack.Catalog.Client();
        string[] paths =
        [
            "/", "/partitions", "/partitions/2026-11-25", "/assets/staged_stock_prices", "/checks/validity", "/runs", "/prices", "/prices/MSFT", "/universe",
            "/materialize?partition=2026-11-25&asset=raw_stock_prices", "/backfill?from=2026-11-20&to=2026-11-25", "/actions/0123", "/actions/0123/progress",
            $"/lake/{CatalogUnderAttack.RejectsKey}", "/catalog.css", "/catalog.js", "/nowhere", "/Error", "/?token=wrong-token",
        ];
        foreach (var path in paths)
        {
            using var response = await anonymous.GetAsync(path, Ct);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{path}: {(int)response.StatusCode}");
            Assert.DoesNotContain(CatalogUnderAttack.Token, await response.Content.ReadAsStringAsync(Ct));
        }

        using (var post = await anonymous.SendAsync(Post("/materialize", null, Materialize("2026-11-04")), Ct))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, post.StatusCode);
        }

        using (var forged = Get("/runs"))
        {
            forged.Headers.Add("Cookie", $"marketaspire-catalog={CatalogUnderAttack.Token}");
            using var response = await anonymous.SendAsync(forged, Ct);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        // The health endpoint the AppHost polls says only that.
        using (var health = await anonymous.GetAsync("/health", Ct))
        {
            Assert.Equal("Healthy", await health.Content.ReadAsStringAsync(Ct));
        }

        // The link: the token is exchanged for a cookie, and the address bar loses it.
        using var link = await anonymous.GetAsync($"/runs?token={CatalogUnderAttack.Token}&page=1", Ct);
        Assert.Equal(HttpStatusCode.Redirect, link.StatusCode);
        Assert.Equal("/runs?page=1", link.Headers.Location?.OriginalString);
        var cookie = Assert.Single(link.Headers.GetValues("Set-Cookie"));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(CatalogUnderAttack.Token, cookie);

        using var signedIn = await stack.SignedInClientAsync(Ct);
        foreach (var path in new[] { "/", "/runs", "/partitions", "/catalog.js", $"/lake/{CatalogUnderAttack.RejectsKey}" })
        {
            using var response = await signedIn.GetAsync(path, Ct);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task The_largest_allowed_range_and_page_work_and_one_beyond_is_a_clear_400_page()
    {
        using var client = await stack.SignedInClientAsync(Ct);
        foreach (var (path, status, says) in new[]
                 {
                     ("/backfill?from=2021-11-26&to=2026-11-29&calendar=true", HttpStatusCode.OK, "1830 calendar days"),
                     ("/backfill?from=2021-11-25&to=2026-11-29&calendar=true", HttpStatusCode.BadRequest, "at most 1830 days"),
                     ("/backfill?from=0001-01-01&to=9999-12-30", HttpStatusCode.BadRequest, "between"),
                     ("/runs?page=10000", HttpStatusCode.OK, "Runs"),
                     ("/runs?page=10001", HttpStatusCode.BadRequest, "at most 10000"),
                     ("/runs?page=2147483647", HttpStatusCode.BadRequest, "at most 10000"),
                     ("/partitions?size=400", HttpStatusCode.OK, "partition-grid"),
                     ("/partitions?size=401", HttpStatusCode.BadRequest, "at most 400"),
                     ("/partitions?end=0001-01-01", HttpStatusCode.BadRequest, "between"),
                     ("/partitions/9999-12-31", HttpStatusCode.BadRequest, "between"),
                     ("/assets/staged_stock_prices?partition=0001-01-01", HttpStatusCode.BadRequest, "between"),
                     ("/materialize?partition=9999-12-31&asset=raw_stock_prices", HttpStatusCode.BadRequest, "between"),
                 })
        {
            using var response = await client.GetAsync(path, Ct);
            var body = await response.Content.ReadAsStringAsync(Ct);
            Assert.True(response.StatusCode == status, $"{path}: {(int)response.StatusCode}");
            Assert.True(body.Contains(says, StringComparison.Ordinal), $"{path} does not say '{says}'");
            Assert.DoesNotContain("Exception", body);
        }
    }

    [Fact]
    public async Task Concurrent_posts_for_one_partition_start_one_run_more_than_the_cap_is_a_429_page_and_a_run_gets_only_allowed_settings()
    {
        using var client = await stack.SignedInClientAsync(Ct);
        const string partition = "2026-10-05";
        var form = await CatalogUnderAttack.FormAsync(client, $"/materialize?partition={partition}&asset=raw_stock_prices", Ct);
        var posts = Enumerable.Range(0, 12).Select(async _ =>
        {
            using var response = await SendWithFormCookieAsync(client, Post("/materialize", form, Materialize(partition)), form);
            return response.StatusCode;
        });
        var statuses = await Task.WhenAll(posts);
        Assert.Equal(1, statuses.Count(s => s == HttpStatusCode.Redirect));
        Assert.Equal(11, statuses.Count(s => s == HttpStatusCode.Conflict));

        // A second partition may run beside it; a third is beyond the cap.
        using (var second = await SendWithFormCookieAsync(client, Post("/materialize", form, Materialize("2026-10-06")), form))
        {
            Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        }

        using (var third = await SendWithFormCookieAsync(client, Post("/materialize", form, Materialize("2026-10-07")), form))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
            Assert.Contains("at most 2 actions at once", await third.Content.ReadAsStringAsync(Ct));
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        while (stack.Invocations.Count(line => line.Contains("2026-10-0", StringComparison.Ordinal)) < 2)
        {
            await Task.Delay(100, timeout.Token);
        }

        Assert.Single(stack.Invocations, line => line.Contains(partition, StringComparison.Ordinal));
        Assert.DoesNotContain(stack.Invocations, line => line.Contains("2026-10-07", StringComparison.Ordinal));

        // The run's environment is the allow-list: the pipeline's settings, not the catalog's own secrets; the owner's
        // password and the API key come from the run settings file, which the run reads as its .env.
        var names = stack.ChildEnvironmentNames;
        Assert.Contains("REDSHIFT_USER", names);
        Assert.Contains("S3_BUCKET_NAME", names);
        Assert.Contains("PATH", names);
        Assert.Contains("MARKET_ENV_FILE", names);
        Assert.Equal(["REDSHIFT_PASSWORD", "MARKET_API_KEY"], stack.ChildEnvFileKeys);
        foreach (var name in new[]
                 {
                     CatalogUnderAttack.UnrelatedSecret, "MARKET_DB_PASSWORD_CATALOG", "MARKET_CATALOG_TOKEN", "ASPNETCORE_ENVIRONMENT", "MARKET_ORCHESTRATOR_PROJECT",
                     "MARKET_CATALOG_RUN_SETTINGS", "REDSHIFT_PASSWORD", "MARKET_API_KEY",
                 })
        {
            Assert.DoesNotContain(name, names);
        }
    }

    [Fact]
    public async Task The_catalog_process_holds_no_run_secret_and_no_secret_reaches_a_page_an_error_or_its_log()
    {
        // The kernel's copy of its environment and command line: the path of the run settings file, not what it holds.
        var process = stack.Catalog.EnvironmentAndCommandLine;
        Assert.Contains($"MARKET_CATALOG_RUN_SETTINGS={stack.RunSettingsFile}", process);
        foreach (var secret in new[] { stack.Settings["REDSHIFT_PASSWORD"]!, CatalogUnderAttack.ApiKey })
        {
            Assert.DoesNotContain(secret, process);
        }

        Assert.DoesNotContain("REDSHIFT_PASSWORD=", process);
        Assert.DoesNotContain("MARKET_API_KEY=", process);

        using var client = await stack.SignedInClientAsync(Ct);
        using var anonymous = stack.Catalog.Client();
        var bodies = new List<string>();
        foreach (var path in new[] { "/", "/runs", "/partitions", "/partitions/2026-11-25", "/assets/staged_stock_prices", "/prices", "/nowhere", "/runs?page=99999", "/Error", "/status/500", "/backfill?from=2026-11-20&to=2026-11-25" })
        {
            using var response = await client.GetAsync(path, Ct);
            bodies.Add(await response.Content.ReadAsStringAsync(Ct));
        }

        using (var refused = await anonymous.GetAsync("/runs", Ct))
        {
            bodies.Add(await refused.Content.ReadAsStringAsync(Ct));
        }

        foreach (var secret in stack.Secrets)
        {
            Assert.DoesNotContain(bodies, body => body.Contains(secret, StringComparison.Ordinal));
            Assert.DoesNotContain(secret, stack.Catalog.Output);
        }
    }

    [Fact]
    public async Task The_token_reaches_neither_the_logs_nor_the_traces_even_with_verbose_logging_and_query_redaction_turned_off()
    {
        // A catalog exporting to an OTLP endpoint as under the AppHost, with every log level on and the HTTP
        // instrumentation's own query redaction turned off: what a user chasing a problem might set.
        await using var otlp = OtlpReceiver.Start();
        var environment = new Dictionary<string, string?>(stack.Settings)
        {
            ["MARKET_DB_PASSWORD_CATALOG"] = CatalogUnderAttack.CatalogPassword,
            ["MARKET_CATALOG_TOKEN"] = CatalogUnderAttack.Token,
            ["Logging__LogLevel__Default"] = "Trace",
            ["Logging__LogLevel__Microsoft.AspNetCore"] = "Trace",
            ["OTEL_DOTNET_EXPERIMENTAL_ASPNETCORE_DISABLE_URL_QUERY_REDACTION"] = "true",
        };
        foreach (var (name, value) in otlp.ExporterEnvironment)
        {
            environment[name] = value;
        }

        await using var catalog = await CatalogProcess.StartAsync(environment, Ct);
        using var client = catalog.Client();
        var cookie = MarketAspire.Catalog.Security.AccessToken.CookieValue(CatalogUnderAttack.Token);
        foreach (var request in new[]
                 {
                     Get($"/runs?page=1&token={CatalogUnderAttack.Token}"),
                     Get($"/partitions?TOKEN={CatalogUnderAttack.Token}"),
                     Get($"/?token={CatalogUnderAttack.Token}", "evil.example"),
                     Post($"/materialize?token={CatalogUnderAttack.Token}", null, Materialize("2026-11-06")),
                 })
        {
            using (request)
            {
                using var response = await client.SendAsync(request, Ct);
            }
        }

        using (var signedIn = Get("/runs?page=1&marker=signed-in"))
        {
            signedIn.Headers.Add("Cookie", $"{MarketAspire.Catalog.Security.AccessToken.CookieName}={cookie}");
            using var response = await client.SendAsync(signedIn, Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // The requests' spans arrived, with their query strings; the log lines too.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        while (!otlp.Received("/v1/traces").Contains("marker=signed-in", StringComparison.Ordinal) || !otlp.Received("/v1/traces").Contains("/partitions", StringComparison.Ordinal))
        {
            await Task.Delay(100, timeout.Token);
        }

        Assert.Contains("token=Redacted", otlp.Received("/v1/traces"));
        Assert.Contains("TOKEN=Redacted", otlp.Received("/v1/traces"));
        Assert.NotEmpty(otlp.Received("/v1/logs"));
        foreach (var secret in new[] { CatalogUnderAttack.Token, cookie })
        {
            Assert.False(otlp.Contains(secret), "an OTLP export carries the token or its cookie");
            Assert.DoesNotContain(secret, catalog.Output);
        }
    }

    [Fact]
    public async Task The_token_link_works_in_any_letter_case_and_the_address_keeps_nothing_of_it()
    {
        using var anonymous = stack.Catalog.Client();
        using var link = await anonymous.GetAsync($"/runs?Token={CatalogUnderAttack.Token}&page=1", Ct);
        Assert.Equal(HttpStatusCode.Redirect, link.StatusCode);
        Assert.Equal("/runs?page=1", link.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Every_response_carries_the_security_headers_and_rejects_files_are_plain_text()
    {
        using var client = await stack.SignedInClientAsync(Ct);
        using var anonymous = stack.Catalog.Client();
        var responses = new List<(string What, HttpResponseMessage Response)>
        {
            ("page", await client.GetAsync("/", Ct)),
            ("404", await client.GetAsync("/nowhere", Ct)),
            ("400 range", await client.GetAsync("/runs?page=99999", Ct)),
            ("static", await client.GetAsync("/catalog.css", Ct)),
            ("rejects", await client.GetAsync($"/lake/{CatalogUnderAttack.RejectsKey}", Ct)),
            ("401", await anonymous.GetAsync("/", Ct)),
            ("302 link", await anonymous.GetAsync($"/?token={CatalogUnderAttack.Token}", Ct)),
            ("400 host", await client.SendAsync(Get("/", "evil.example"), Ct)),
            ("403", await client.SendAsync(Post("/materialize", null, Materialize("2026-11-05"), ("Origin", "http://evil.example")), Ct)),
            ("health", await anonymous.GetAsync("/health", Ct)),
        };
        foreach (var (what, response) in responses)
        {
            using (response)
            {
                var csp = string.Join(",", response.Headers.TryGetValues("Content-Security-Policy", out var v) ? v : []);
                Assert.True(csp.Contains("script-src 'self'", StringComparison.Ordinal) && csp.Contains("frame-ancestors 'none'", StringComparison.Ordinal), $"{what}: CSP '{csp}'");
                Assert.DoesNotContain("unsafe-inline", csp);
                Assert.True(response.Headers.TryGetValues("X-Content-Type-Options", out var sniff) && sniff.Single() == "nosniff", what);
                Assert.True(response.Headers.TryGetValues("Referrer-Policy", out var referrer) && referrer.Single() == "same-origin", what);
            }
        }

        using var rejects = await client.GetAsync($"/lake/{CatalogUnderAttack.RejectsKey}", Ct);
        Assert.Equal("text/plain", rejects.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Hostile_warehouse_content_renders_inert_in_a_real_browser_and_inline_script_is_refused()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = "/usr/bin/chromium", Args = ["--no-sandbox"] });
        var page = await browser.NewPageAsync();
        var dialogs = new List<string>();
        page.Dialog += (_, dialog) =>
        {
            dialogs.Add(dialog.Message);
            _ = dialog.DismissAsync();
        };
        var catalog = stack.Catalog.BaseAddress.ToString().TrimEnd('/');
        await page.GotoAsync($"{catalog}/?token={CatalogUnderAttack.Token}");

        await page.GotoAsync($"{catalog}/runs");
        var row = page.Locator("#runs tr[data-run='run-hostile']");
        Assert.Contains("<script>window.pwned=1</script>", await row.InnerTextAsync());
        Assert.Equal(0, await row.Locator("a.trace").CountAsync());
        Assert.Contains(CatalogUnderAttack.HostileTraceId, await row.InnerTextAsync());

        await page.GotoAsync($"{catalog}/assets/staged_stock_prices");
        var metadata = page.Locator("#materializations");
        Assert.Contains("<script>window.pwned=1</script>", await metadata.InnerTextAsync());
        Assert.Equal(0, await page.Locator("a[href^='javascript']").CountAsync());
        Assert.Equal($"/lake/{CatalogUnderAttack.RejectsKey}", await page.Locator("a.rejects-file").GetAttributeAsync("href"));

        await page.GotoAsync($"{catalog}/prices");
        Assert.Contains(CatalogUnderAttack.HostileSymbol, await page.Locator("main").InnerTextAsync());
        await page.GotoAsync($"{catalog}/prices/{Uri.EscapeDataString(CatalogUnderAttack.HostileSymbol)}");
        Assert.Contains(CatalogUnderAttack.HostileSymbol, await page.Locator("h1").InnerTextAsync());

        // A rejects file holding HTML is shown as text, never run.
        await page.GotoAsync($"{catalog}/lake/{CatalogUnderAttack.RejectsKey}");
        Assert.Contains("<script>alert(1)</script>", await page.Locator("body").InnerTextAsync());

        // Should an encoding slip ever let markup through, the policy refuses inline script.
        await page.GotoAsync($"{catalog}/runs");
        Assert.False(await page.EvaluateAsync<bool>("() => { const s = document.createElement('script'); s.textContent = 'window.pwned = 1'; document.body.appendChild(s); return window.pwned === 1; }"));
        Assert.Empty(dialogs);
        Assert.Null(await page.EvaluateAsync<int?>("() => window.pwned"));
    }
}
