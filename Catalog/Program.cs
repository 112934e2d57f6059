using MarketAspire.AssetGraph.Graph;
using MarketAspire.Catalog;
using MarketAspire.Catalog.Security;
using MarketAspire.JobHosting.Configuration;

// The asset catalog: lineage, the partition grid, asset and check histories, runs and prices, read as its own
// read-only warehouse user; its buttons start the Orchestrator (docs/catalog.md).
var builder = WebApplication.CreateBuilder(CatalogHosting.Options(args));
builder.WebHost.UseStaticWebAssets();
builder.AddDotEnvSettings().AddServiceDefaults();
builder.AddTokenRedaction();
builder.Services.AddCatalog(MarketAssets.Graph);
builder.Services.AddRazorPages();

var app = builder.Build();
CatalogSettings settings;
try
{
    app.Services.GetService<Microsoft.Extensions.Options.IStartupValidator>()?.Validate();
    settings = app.Services.GetRequiredService<CatalogSettings>();
}
catch (Exception caught) when (SettingsValidation.StartupFailure(caught) is { } ex)
{
    await Console.Error.WriteLineAsync(ex.Message);
    return 2;
}

if (LoopbackBinding.Refusal(LoopbackBinding.ConfiguredAddresses(app.Configuration), settings.AccessToken) is { } refusal)
{
    await Console.Error.WriteLineAsync(refusal);
    return 2;
}

app.UseCatalogSecurity(settings);
app.UseExceptionHandler("/Error");
app.UseStatusCodePagesWithReExecute("/status/{0}");
app.UseStaticFiles();
app.UseRouting();
app.UseAntiforgery();
app.MapRazorPages();
app.MapCatalogEndpoints();
app.MapDefaultEndpoints();

await app.StartAsync();
if (LoopbackBinding.Refusal(LoopbackBinding.Bound(app), settings.AccessToken) is { } bound)
{
    await Console.Error.WriteLineAsync(bound);
    await app.StopAsync();
    return 2;
}

await app.WaitForShutdownAsync();
return 0;
