using Amazon.CDK;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.SNS.Subscriptions;
using Constructs;
using MarketAspire.AssetGraph.Graph;
using MarketAspire.JobHosting.Configuration;

namespace MarketAspire.Deploy;

/// <summary>The same services on AWS: S3, Lambda, a Step Functions state machine from the asset graph, Redshift, and the freshness sensor.</summary>
public sealed class MarketAspireStack : Stack
{
    public MarketAspireStack(Construct scope, string id, AssetGraphDefinition graph, DeploymentSettings settings, IStackProps? props = null)
        : base(scope, id, props)
    {
        Lake = new DataLake(this, "DataLake", settings);
        Vpc = new Vpc(this, "Vpc", new VpcProps
        {
            AvailabilityZones = Zones(settings),
            NatGateways = 1,
            SubnetConfiguration =
            [
                new SubnetConfiguration { Name = "public", SubnetType = SubnetType.PUBLIC, CidrMask = 24 },
                new SubnetConfiguration { Name = "private", SubnetType = SubnetType.PRIVATE_WITH_EGRESS, CidrMask = 22 },
            ],
            GatewayEndpoints = new Dictionary<string, IGatewayVpcEndpointOptions>
            {
                ["S3"] = new GatewayVpcEndpointOptions { Service = GatewayVpcEndpointAwsService.S3 },
            },
        });
        Warehouse = new WarehouseCluster(this, "Warehouse", settings, Lake, Vpc);
        Functions = new ServiceFunctions(this, "Services", graph, settings, Lake, Warehouse, Vpc);
        Pipeline = new PipelineStateMachine(this, "Pipeline", graph, Functions.Functions);
        var checksService = graph.Checks.Select(c => c.Service).FirstOrDefault() ?? graph.ServicesInOrder[^1].Name;
        Operations = new OperationsConstruct(this, "Operations", settings, Pipeline.StateMachine, Functions.Functions[checksService]);
        Sensor = new SensorConstruct(this, "Sensor", graph, settings, Warehouse, Vpc, Functions);
        if (settings.AlertEmail is { } email)
        {
            // Confirmed by a link AWS mails to the address; until then nothing is delivered to it.
            Sensor.Topic.AddSubscription(new EmailSubscription(email));
            Operations.Topic.AddSubscription(new EmailSubscription(email));
        }

        _ = new CfnOutput(this, "BucketName", new CfnOutputProps { Value = Lake.Bucket.BucketName });
        _ = new CfnOutput(this, "StateMachineArn", new CfnOutputProps { Value = Pipeline.StateMachine.StateMachineArn });
        _ = new CfnOutput(this, "MarketApiKeySecretArn", new CfnOutputProps { Value = Functions.ApiKey.SecretArn, Description = "Put your Alpha Vantage key here" });
        _ = new CfnOutput(this, "WarehousePasswordSecretArn", new CfnOutputProps { Value = Warehouse.Password.SecretArn });
        _ = new CfnOutput(this, "AlertTopicArn", new CfnOutputProps { Value = Sensor.Topic.TopicArn, Description = "The sensor's alerts (overdue assets, failed checks and runs)" });
        _ = new CfnOutput(this, "AlarmTopicArn", new CfnOutputProps { Value = Operations.Topic.TopicArn, Description = "Subscribe to get alarms" });
    }

    public const int ServerlessZones = 3;

    public DataLake Lake { get; }

    public Vpc Vpc { get; }

    public WarehouseCluster Warehouse { get; }

    public ServiceFunctions Functions { get; }

    public PipelineStateMachine Pipeline { get; }

    public OperationsConstruct Operations { get; }

    public SensorConstruct Sensor { get; }

    /// <summary>
    /// The pinned zones, else the first three of the stack's own lookup (a region need not have a zone "c"). Redshift
    /// Serverless wants subnets in three zones; a stack without an account resolves only two, and such a template
    /// cannot deploy, so synthesis stops here instead.
    /// </summary>
    private string[] Zones(DeploymentSettings settings)
    {
        var zones = settings.AvailabilityZones.Count > 0 ? settings.AvailabilityZones.Distinct().ToArray() : AvailabilityZones.Take(ServerlessZones).ToArray();
        if (settings.Warehouse == WarehouseKind.Serverless && zones.Length < ServerlessZones)
        {
            throw new ConfigurationException(
                $"Redshift Serverless needs subnets in {ServerlessZones} availability zones, but {zones.Length} availability zones resolved for this stack " +
                "(without an account the CDK picks 2: synthesize with credentials or CDK_DEFAULT_ACCOUNT, or pin three with -c availabilityZones=us-east-1a,us-east-1b,us-east-1d).");
        }

        return zones;
    }
}
