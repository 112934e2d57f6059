using Amazon.CDK;
using Amazon.CDK.AWS.EC2;
using Constructs;
using MarketAspire.AssetGraph.Graph;

namespace MarketAspire.Deploy;

/// <summary>The same services on AWS: S3, Lambda, a Step Functions state machine from the asset graph, Redshift.</summary>
public sealed class MarketAspireStack : Stack
{
    public MarketAspireStack(Construct scope, string id, AssetGraphDefinition graph, DeploymentSettings settings, IStackProps? props = null)
        : base(scope, id, props)
    {
        Lake = new DataLake(this, "DataLake", settings);
        Vpc = new Vpc(this, "Vpc", new VpcProps
        {
            // Redshift Serverless wants subnets in three zones: the region's own, as the stack looks them up (a region
            // need not have a zone "c").
            MaxAzs = 3,
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

        _ = new CfnOutput(this, "BucketName", new CfnOutputProps { Value = Lake.Bucket.BucketName });
        _ = new CfnOutput(this, "StateMachineArn", new CfnOutputProps { Value = Pipeline.StateMachine.StateMachineArn });
        _ = new CfnOutput(this, "MarketApiKeySecretArn", new CfnOutputProps { Value = Functions.ApiKey.SecretArn, Description = "Put your Alpha Vantage key here" });
        _ = new CfnOutput(this, "WarehousePasswordSecretArn", new CfnOutputProps { Value = Warehouse.Password.SecretArn });
        _ = new CfnOutput(this, "AlarmTopicArn", new CfnOutputProps { Value = Operations.Topic.TopicArn, Description = "Subscribe to get alarms" });
    }

    public DataLake Lake { get; }

    public Vpc Vpc { get; }

    public WarehouseCluster Warehouse { get; }

    public ServiceFunctions Functions { get; }

    public PipelineStateMachine Pipeline { get; }

    public OperationsConstruct Operations { get; }
}
