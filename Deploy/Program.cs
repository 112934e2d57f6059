using Amazon.CDK;
using MarketAspire.AssetGraph.Graph;
using MarketAspire.Deploy;

// cdk synth / cdk deploy run this (cdk.json: "app": "dotnet run --project Deploy"); plain `dotnet run` synthesizes offline.
var app = new App();
var settings = DeploymentSettings.From(app);
_ = new MarketAspireStack(app, "MarketAspire", MarketAssets.Graph, settings, new StackProps
{
    Env = new Amazon.CDK.Environment { Region = settings.Region, Account = System.Environment.GetEnvironmentVariable("CDK_DEFAULT_ACCOUNT") },
    Description = "MarketAspire: market-data ELT pipeline (S3, Lambda, Step Functions, Redshift)",
});
app.Synth();
