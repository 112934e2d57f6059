using System.Text.Json;
using System.Text.RegularExpressions;
using MarketAspire.AssetGraph.Partitions;
using MarketAspire.JobHosting.Lake;
using MarketAspire.Warehouse.Loading;
using MarketAspire.Warehouse.Staging;

namespace MarketAspire.Tests.Deployment.LocalAws;

/// <summary>
/// What Redshift would ask S3 for as the COPY/UNLOAD role, had this run used the Redshift dialect (Redshift cannot run
/// here, so these are derived, not recorded): the statements the dialect builds (<see cref="RedshiftStatements"/>) for
/// the manifests this run wrote and its partition, read for their S3 locations, and the access Redshift's guide lists
/// for them ("IAM permissions for COPY, UNLOAD, and CREATE LIBRARY"): COPY lists the bucket and gets the manifest and
/// every file it names; UNLOAD gets, lists and puts under its target; CLEANPATH deletes the files of the folders it
/// replaces.
/// </summary>
internal static partial class CopyRoleRequests
{
    /// <param name="read">Reads one object of the run's bucket (the manifest).</param>
    public static async Task<IReadOnlyList<IamEvaluation.Request>> OfAsync(
        IamEvaluation iam, string roleArn, string s3RequestLog, string localBucket, Func<string, Task<byte[]>> read)
    {
        var puts = new List<string>();
        foreach (var line in File.ReadLines(s3RequestLog))
        {
            using var entry = JsonDocument.Parse(line);
            var url = entry.RootElement.GetProperty("url").GetString()!;
            if (entry.RootElement.GetProperty("method").GetString() == "PUT" && url.StartsWith($"/{localBucket}/", StringComparison.Ordinal))
            {
                puts.Add(Uri.UnescapeDataString(url[(localBucket.Length + 2)..].Split('?')[0]));
            }
        }

        puts = [.. puts.Distinct()];
        var requests = new List<IamEvaluation.Request>();
        IamEvaluation.Request Ask(string action, string key, string? prefix = null) => new(roleArn, action,
            prefix is null ? $"arn:aws:s3:::{iam.BucketName}/{key}" : $"arn:aws:s3:::{iam.BucketName}",
            prefix is null
                ? new Dictionary<string, string> { ["aws:SecureTransport"] = "true" }
                : new Dictionary<string, string> { ["aws:SecureTransport"] = "true", ["s3:prefix"] = prefix });

        foreach (var manifestKey in puts.Where(k => k.StartsWith(LakeKeys.StagedPrefix, StringComparison.Ordinal) && k.EndsWith("/" + CopyManifest.FileName, StringComparison.Ordinal)))
        {
            var from = KeyOf(FromClause().Match(RedshiftStatements.CopyFromManifest(iam.BucketName, manifestKey, roleArn, SynthesizedStack.Region)));
            requests.Add(Ask("s3:ListBucket", "", from[..(from.LastIndexOf('/') + 1)]));
            requests.Add(Ask("s3:GetObject", from));
            var manifest = CopyManifest.Parse(await read(manifestKey), manifestKey);
            requests.AddRange(manifest.Entries.Select(e => Ask("s3:GetObject", e.Url[$"s3://{localBucket}/".Length..])));

            var to = KeyOf(ToClause().Match(RedshiftStatements.UnloadCurated(iam.BucketName, Guid.NewGuid().ToString("D"), roleArn, SynthesizedStack.Region)));
            foreach (var written in puts.Where(k => k.StartsWith(to, StringComparison.Ordinal)))
            {
                var folder = written[..(written.LastIndexOf('/') + 1)]; // PARTITION BY (symbol, year): one folder per symbol-year
                requests.Add(Ask("s3:ListBucket", "", folder));
                requests.Add(Ask("s3:DeleteObject", written)); // CLEANPATH: the file an earlier UNLOAD left
                requests.Add(Ask("s3:PutObject", folder + "0000_part_00.parquet"));
                requests.Add(Ask("s3:GetObject", folder + "0000_part_00.parquet"));
            }
        }

        return [.. requests.DistinctBy(r => (r.Action, r.Resource, r.Context.GetValueOrDefault("s3:prefix")))];

        string KeyOf(Match location) => location.Success
            ? location.Groups["key"].Value
            : throw new InvalidOperationException("The Redshift statement names no s3:// location this derivation understands.");
    }

    [GeneratedRegex(@"FROM 's3://[^/']+/(?<key>[^']+)'")]
    private static partial Regex FromClause();

    [GeneratedRegex(@"TO 's3://[^/']+/(?<key>[^']+)'")]
    private static partial Regex ToClause();
}
