using MarketAspire.AssetGraph.Graph;
using MarketAspire.Catalog;
using MarketAspire.JobHosting.Configuration;

// The asset catalog: lineage, the partition grid, asset and check histories, runs and prices, read as its own
// read-only warehouse user; its buttons start the Orchestrator (Catalog/README in the main README).
var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.Services.AddCatalog(MarketAssets.Graph);
builder.Services.AddRazorPages();

var app = builder.Build();
try
{
    app.Services.GetService<Microsoft.Extensions.Options.IStartupValidator>()?.Validate();
}
catch (Exception caught) when (SettingsValidation.StartupFailure(caught) is { } ex)
{
    await Console.Error.WriteLineAsync(ex.Message);
    return 2;
}

app.UseExceptionHandler("/Error");
app.UseStatusCodePagesWithReExecute("/NotFound");
app.UseStaticFiles();
app.UseRouting();
app.UseAntiforgery();
app.MapRazorPages();
app.MapCatalogEndpoints();
app.MapDefaultEndpoints();
await app.RunAsync();
return 0;
