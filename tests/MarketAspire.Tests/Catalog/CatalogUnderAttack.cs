using System.Text.RegularExpressions;
using MarketAspire.JobHosting.Configuration;
using MarketAspire.JobHosting.Lake;
using Amazon.S3.Model;
using MarketAspire.AssetGraph.Graph;
using MarketAspire.Tests.Infrastructure;
using MarketAspire.Warehouse.Migrations;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace MarketAspire.Tests.Catalog;

/// <summary>
/// One catalog process for the attack tests, as the AppHost starts it but on a migrated database of its own: an access
/// token, the Development environment the AppHost passes on, the run secrets in a file it knows only the path of, a fake
/// Orchestrator that records each start and lingers, a secret of the catalog's own that a run must not inherit, and
/// warehouse rows written by an attacker.
/// </summary>
public sealed partial class CatalogUnderAttack(SharedServers servers) : IAsyncLifetime
{
    public const string Token = "attack-test-token-0123456789abcdef";
    public const string CatalogPassword = JobHarness.CatalogPassword;
    public const string UnrelatedSecret = "MARKET_TEST_UNRELATED_SECRET";
    public const string RejectsKey = "staged/stock_prices/2026-11-25/run-hostile/rejects.jsonl";
    public const string HostileSymbol = "\"><svg onload=1>";
    public const string HostileTraceId = "javascript:alert(1)//";
    public const string ApiKey = "attack-test-market-api-key-5e1d";

    private CatalogProcess? _catalog;

    public CatalogProcess Catalog => _catalog ?? throw new InvalidOperationException("The catalog has not started.");

    public Dictionary<string, string?> Settings { get; private set; } = [];

    /// <summary>What the catalog must never show, log or hold: the owner's password and the API key (the runs' secrets), its own password, its token.</summary>
    public IReadOnlyList<string> Secrets => [Settings["REDSHIFT_PASSWORD"]!, ApiKey, CatalogPassword, Token];

    /// <summary>The folder of the fake Orchestrator: <c>invocations.log</c> (one line per start), <c>environment.log</c>.</summary>
    public string OrchestratorFolder { get; } = Directory.CreateTempSubdirectory("marketaspire-fake-orchestrator-").FullName;

    public IReadOnlyList<string> Invocations =>
        File.Exists(Path.Combine(OrchestratorFolder, "Orchestrator", "invocations.log")) ? File.ReadAllLines(Path.Combine(OrchestratorFolder, "Orchestrator", "invocations.log")) : [];

    public IReadOnlyList<string> ChildEnvironmentNames =>
        File.Exists(Path.Combine(OrchestratorFolder, "Orchestrator", "environment.log")) ? File.ReadAllLines(Path.Combine(OrchestratorFolder, "Orchestrator", "environment.log")) : [];

    /// <summary>The keys of the <c>.env</c> file a run was given (<c>MARKET_ENV_FILE</c>), as the fake Orchestrator read them.</summary>
    public IReadOnlyList<string> ChildEnvFileKeys =>
        File.Exists(Path.Combine(OrchestratorFolder, "Orchestrator", "env-file.log")) ? File.ReadAllLines(Path.Combine(OrchestratorFolder, "Orchestrator", "env-file.log")) : [];

    /// <summary>The run settings file, as the AppHost writes it: the secrets the runs need, readable by this user only.</summary>
    public string RunSettingsFile => Path.Combine(OrchestratorFolder, "run.env");

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        Settings = await servers.MigratedEnvironmentAsync(ct);
        await JobHarness.EnsureCatalogUserAsync(Settings, ct);
        await using (var owner = JobHarness.DataSource(Settings))
        await using (var connection = await owner.OpenConnectionAsync(ct))
        {
            await SeedHostileRowsAsync(connection, ct);
        }

        using (var s3 = LakeClientFactory.Create(LakeSettings.From(new ConfigurationBuilder().AddInMemoryCollection(Settings).Build())))
        {
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = Settings["S3_BUCKET_NAME"], Key = RejectsKey, ContentBody = "<html><script>alert(1)</script>" }, ct);
        }

        var project = Path.Combine(OrchestratorFolder, "Orchestrator", "Orchestrator.csproj");
        Directory.CreateDirectory(Path.GetDirectoryName(project)!);

        // dotnet run --no-build of this project runs the script: it records its arguments and environment, and lingers
        // so that a second start for the same partition would overlap the first.
        await File.WriteAllTextAsync(project, """
            <Project>
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <RunCommand>/bin/sh</RunCommand>
                <RunArguments>$(MSBuildThisFileDirectory)orchestrator.sh</RunArguments>
              </PropertyGroup>
              <Target Name="ComputeRunArguments" />
            </Project>
            """, ct);
        await File.WriteAllTextAsync(Path.Combine(OrchestratorFolder, "Orchestrator", "orchestrator.sh"), """
            here="$(dirname "$0")"
            env | cut -d= -f1 | sort > "$here/environment.log"
            cut -d= -f1 "$MARKET_ENV_FILE" > "$here/env-file.log"
            echo "$@" >> "$here/invocations.log"
            echo "fake orchestrator started: $@"
            sleep 20
            """, ct);

        await File.WriteAllTextAsync(RunSettingsFile, $"REDSHIFT_PASSWORD='{Settings["REDSHIFT_PASSWORD"]}'\nMARKET_API_KEY='{ApiKey}'\n", ct);
        File.SetUnixFileMode(RunSettingsFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        _catalog = await CatalogProcess.StartAsync(new Dictionary<string, string?>(Settings)
        {
            ["REDSHIFT_PASSWORD"] = null,
            ["MARKET_CATALOG_RUN_SETTINGS"] = RunSettingsFile,
            ["MARKET_DB_PASSWORD_CATALOG"] = CatalogPassword,
            ["MARKET_ORCHESTRATOR_PROJECT"] = project,
            ["MARKET_DASHBOARD_URL"] = "http://127.0.0.1:18888",
            ["MARKET_CATALOG_TOKEN"] = Token,
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            [UnrelatedSecret] = "must-not-reach-a-run",
        }, ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (_catalog is not null)
        {
            await _catalog.DisposeAsync();
        }
    }

    /// <summary>A client that presents the cookie the token link gives, as a browser would after opening it.</summary>
    public async Task<HttpClient> SignedInClientAsync(CancellationToken ct)
    {
        var client = Catalog.Client();
        using var link = await client.GetAsync($"/?token={Token}", ct);
        if (link.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.FirstOrDefault() is { } cookie)
        {
            client.DefaultRequestHeaders.Add("Cookie", cookie.Split(';')[0]);
        }

        return client;
    }

    /// <summary>The antiforgery token of a confirmation page's form, and the cookie it pairs with, as a page would hold them.</summary>
    public static async Task<(string Token, string Cookie)> FormAsync(HttpClient client, string path, CancellationToken ct)
    {
        using var page = await client.GetAsync(path, ct);
        var html = await page.Content.ReadAsStringAsync(ct);
        var token = AntiforgeryField().Match(html) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException($"{path} ({(int)page.StatusCode}) has no antiforgery field");
        var cookie = page.Headers.GetValues("Set-Cookie").First(c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal)).Split(';')[0];
        return (token, cookie);
    }

    private static async Task SeedHostileRowsAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        const string Script = "<script>window.pwned=1</script>";
        var statements = new[]
        {
            $"INSERT INTO market_meta.runs (run_id, job, selection, partitions, started_at, finished_at, status, error, trace_id) VALUES ('run-hostile', 'warehouse\"><img src=x onerror=window.pwned=1>', 'raw_stock_prices', '2026-11-25', now(), now(), 'failed', '{Script} '' \" javascript:alert(1)', '{HostileTraceId}')",
            $"INSERT INTO market_meta.materializations (run_id, asset, partition_date, status, started_at, finished_at, data_version, input_versions, code_version, metadata, error) VALUES ('run-hostile', 'staged_stock_prices', '2026-11-25', 'succeeded', now(), now(), 'v1', '{{}}', 'c1', '{{\"note\": \"{Script}\", \"link\": \"javascript:window.pwned=1\", \"rejects\": \"{RejectsKey}\"}}', NULL)",
            $"INSERT INTO market_data.fct_stock_prices (symbol, price_date, open, high, low, close, volume, partition_date, source_key, source_version, run_id, loaded_at) VALUES ('{HostileSymbol.Replace("'", "''", StringComparison.Ordinal)}', '2026-11-25', 1, 1, 1, 1, 1, '2026-11-25', 'k', 'v', 'run-hostile', now())",
        };
        foreach (var sql in statements)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
