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
    var stack = new MarketAspireStack(app, "MarketAspire", MarketAssets.Graph, settings, new StackProps
    {
        Env = new Amazon.CDK.Environment { Region = settings.Region, Account = System.Environment.GetEnvironmentVariable("CDK_DEFAULT_ACCOUNT") },
        Description = "MarketAspire: market-data ELT pipeline (S3, Lambda, Step Functions, Redshift)",
    });

    // Under the CDK CLI (it passes CDK_CONTEXT_JSON) a first pass with placeholder zones is normal: the CLI looks them
    // up and runs the app again. Offline nobody does, and such a template would place subnets in "dummy1a".
    if (System.Environment.GetEnvironmentVariable("CDK_CONTEXT_JSON") is null && stack.Vpc.AvailabilityZones.Any(z => z.StartsWith("dummy", StringComparison.Ordinal)))
    {
        throw new ConfigurationException(
            $"Offline synthesis cannot look up the account's availability zones: pin three with {SettingKeys.AvailabilityZones}=us-east-1a,us-east-1b,us-east-1d, or run `cdk synth`.");
    }
    app.Synth();
    Console.WriteLine($"Synthesized the MarketAspire stack into {Path.GetFullPath(outdir)} (MarketAspire.template.json).");
    return 0;
}
catch (ConfigurationException ex)
{
    await Console.Error.WriteLineAsync(ex.Message);
    return 1;
}
