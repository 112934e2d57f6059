using Amazon.S3;
using MarketAspire.AssetGraph.Graph;
using MarketAspire.Catalog.Actions;
using MarketAspire.Catalog.Data;
using MarketAspire.JobHosting.Configuration;
using MarketAspire.JobHosting.Lake;
using MarketAspire.JobHosting.Records;
using Npgsql;

namespace MarketAspire.Catalog;

public static class CatalogServices
{
    /// <summary>The catalog's settings (checked at start), its read-only connection pool, the lake, the action runner.</summary>
    public static IServiceCollection AddCatalog(this IServiceCollection services, AssetGraphDefinition graph)
    {
        services.AddSingleton(graph);
        services.AddValidatedSettings(CatalogSettings.From);
        services.AddValidatedSettings(LakeSettings.From);
        services.AddSingleton<IAmazonS3>(sp => LakeClientFactory.Create(sp.GetRequiredService<LakeSettings>()));
        services.AddSingleton(sp => NpgsqlDataSource.Create(sp.GetRequiredService<CatalogSettings>().Reader.ConnectionString("catalog")));
        services.AddSingleton(sp => new MetaStore(sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<CatalogSettings>().Reader.Dialect));
        services.AddSingleton<CatalogReader>();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ActionRunner>();
        return services;
    }

    public static WebApplication MapCatalogEndpoints(this WebApplication app)
    {
        // What the progress page polls: the lines it has not shown yet, and the exit code once the Orchestrator ended.
        app.MapGet("/actions/{id}/progress", (string id, int? from, ActionRunner runner) =>
            runner.Find(id) is { } action
                ? Results.Json(new { lines = action.LinesFrom(from ?? 0), finished = action.Finished, exitCode = action.ExitCode })
                : Results.NotFound());

        // A rejects file, as the staging step wrote it: only those objects, never the rest of the lake.
        app.MapGet("/lake/{**key}", async (string key, IAmazonS3 s3, LakeSettings lake, HttpContext http, CancellationToken ct) =>
        {
            if (!RejectsFiles.IsRejectsFile(key))
            {
                http.Items[StatusMessage.Key] = $"The catalog serves only rejects files (staged/.../rejects.jsonl), not '{key}'.";
                return Results.NotFound();
            }

            try
            {
                var response = await s3.GetObjectAsync(lake.BucketName, key, ct);
                return Results.Stream(response.ResponseStream, "text/plain; charset=utf-8");
            }
            catch (AmazonS3Exception ex) when (ex.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                http.Items[StatusMessage.Key] = $"The lake holds no object '{key}' in bucket {lake.BucketName}.";
                return Results.NotFound();
            }
        });
        return app;
    }
}

/// <summary>Which lake objects the catalog may serve: the rejects files of staging steps.</summary>
public static class RejectsFiles
{
    public static bool IsRejectsFile(string key) =>
        key.StartsWith(MarketAssets.StagedPrefix, StringComparison.Ordinal) && key.EndsWith("/rejects.jsonl", StringComparison.Ordinal) &&
        !key.Contains("..", StringComparison.Ordinal);
}

/// <summary>The message a status page (404, 400...) shows, set by whatever refused (the page re-executes in the same request).</summary>
public static class StatusMessage
{
    public const string Key = "catalog.status-message";
}
