namespace MarketAspire.Tests.Catalog;

/// <summary>
/// Evaluating the catalog's environment writes its run settings file, as starting it does; a test that evaluates it
/// without starting the AppHost (which removes the file when it stops) removes the file's folder itself.
/// </summary>
internal static class CatalogRunSettings
{
    public static void Remove(IEnumerable<KeyValuePair<string, string>> environment)
    {
        var file = environment.SingleOrDefault(kv => kv.Key == JobHosting.Configuration.SettingKeys.CatalogRunSettings).Value;
        if (file is not null && Path.GetDirectoryName(file) is { } folder && Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
