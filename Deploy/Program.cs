using Amazon.CDK;
using MarketAspire.AssetGraph.Graph;
using MarketAspire.Deploy;
using MarketAspire.JobHosting.Configuration;

// cdk synth / cdk deploy run this (cdk.json: "app": "dotnet run --project Deploy", and the CLI sets CDK_OUTDIR);
// a plain `dotnet run --project Deploy` synthesizes offline into cdk.out/ of the current folder.
try
{
    var outdir = System.Environment.GetEnvironmentVariable("CDK_OUTDIR") is { Length: > 0 } given ? given : "cdk.out";
    var app = new App(new AppProps { Outdir = outdir });
    var settings = DeploymentSettings.From(app);
    _ = new MarketAspireStack(app, "MarketAspire", MarketAssets.Graph, settings, new StackProps
    {
        Env = new Amazon.CDK.Environment { Region = settings.Region, Account = System.Environment.GetEnvironmentVariable("CDK_DEFAULT_ACCOUNT") },
        Description = "MarketAspire: market-data ELT pipeline (S3, Lambda, Step Functions, Redshift)",
    });
    app.Synth();
    Console.WriteLine($"Synthesized the MarketAspire stack into {Path.GetFullPath(outdir)} (MarketAspire.template.json).");
    return 0;
}
catch (ConfigurationException ex)
{
    await Console.Error.WriteLineAsync(ex.Message);
    return 1;
}
