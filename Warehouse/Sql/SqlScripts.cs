using System.Reflection;
using System.Text.RegularExpressions;
using MarketAspire.JobHosting.Configuration;

namespace MarketAspire.Warehouse.Sql;

/// <summary>The SQL files of <c>sql/{dialect}/</c>, embedded in the build.</summary>
public static partial class SqlScripts
{
    private static readonly Assembly Assembly = typeof(SqlScripts).Assembly;

    public static string Folder(WarehouseDialect dialect) => dialect == WarehouseDialect.Redshift ? "redshift" : "postgres";

    /// <summary>The versioned migrations (<c>V001__name.sql</c>) of a dialect, in version order.</summary>
    public static IReadOnlyList<Migration> Migrations(WarehouseDialect dialect)
    {
        var prefix = $"sql/{Folder(dialect)}/";
        return Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal))
            .Select(n => (Name: n[prefix.Length..], Match: MigrationName().Match(n[prefix.Length..])))
            .Where(x => x.Match.Success)
            .Select(x => new Migration(int.Parse(x.Match.Groups[1].Value), x.Name, Read(prefix + x.Name)))
            .OrderBy(m => m.Version)
            .ToList();
    }

    public static string Read(string resourceName)
    {
        using var stream = Assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"SQL script '{resourceName}' is not embedded in the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [GeneratedRegex(@"^V(\d+)__[a-z0-9_]+\.sql$")]
    private static partial Regex MigrationName();
}

public sealed record Migration(int Version, string Name, string Sql)
{
    public string Checksum => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Sql)));
}
