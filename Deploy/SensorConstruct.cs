using System.Globalization;
using Amazon.CDK;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.Lambda;
using Amazon.CDK.AWS.Logs;
using Amazon.CDK.AWS.Scheduler;
using Amazon.CDK.AWS.SecretsManager;
using Amazon.CDK.AWS.SNS;
using Constructs;
using MarketAspire.AssetGraph.Graph;
using MarketAspire.AssetGraph.Partitions;
using MarketAspire.JobHosting.Configuration;
using MarketAspire.JobHosting.Jobs;
using MarketAspire.JobHosting.Records;

namespace MarketAspire.Deploy;

/// <summary>
/// The freshness sensor on AWS: the Sensor project as a function (one evaluation per invocation), invoked on a schedule
/// whether or not an execution ran, logging in as its own warehouse user, and delivering its alerts to an SNS topic.
/// </summary>
public sealed class SensorConstruct : Construct
{
    public const int EveryMinutes = 15;

    public SensorConstruct(
        Construct scope, string id, AssetGraphDefinition graph, DeploymentSettings settings, WarehouseCluster warehouse, Vpc vpc, ServiceFunctions services)
        : base(scope, id)
    {
        Topic = new Topic(this, "Alerts", new TopicProps { DisplayName = "MarketAspire alerts" });

        // Its own user (created by the migrate command, like the catalog's) reads the records and writes only its own.
        Password = ServiceFunctions.UserPassword(this, "DatabasePassword", ServiceDatabaseUsers.SensorUser);
        var owner = services.Functions[graph.ServicesInOrder.First(s => s.OwnsWarehouse).Name];
        owner.AddEnvironment(ServiceDatabaseUsers.PasswordKeyOf(ServiceDatabaseUsers.Sensor) + SettingKeys.SecretArnSuffix, Password.SecretArn);
        Password.GrantRead(owner);

        var environment = ServiceFunctions.WarehouseEnvironment(settings, warehouse, ServiceDatabaseUsers.SensorUser, Password);
        environment[SettingKeys.AlertSnsTopicArn] = Topic.TopicArn;
        Function = new Function(this, "Function", new FunctionProps
        {
            Description = "MarketAspire sensor: freshness deadlines and alerts, one evaluation per invocation",
            Runtime = Runtime.PROVIDED_AL2023,
            Architecture = Architecture.X86_64,
            Handler = "bootstrap",
            Code = Code.FromAsset(ServiceFunctions.Bundle(settings, DeployedFunctions.SensorProject)),
            MemorySize = 512,
            // An evaluation is a few queries and a few deliveries; the retries' pauses are the longest part.
            Timeout = Duration.Minutes(2),
            Vpc = vpc,
            VpcSubnets = new SubnetSelection { SubnetType = SubnetType.PRIVATE_WITH_EGRESS },
            SecurityGroups = [services.SecurityGroup],
            LogGroup = new LogGroup(this, "Logs", new LogGroupProps
            {
                LogGroupName = "/marketaspire/sensor",
                Retention = (RetentionDays)Enum.Parse(typeof(RetentionDays), ServiceFunctions.RetentionName(settings.LogRetentionDays)),
                RemovalPolicy = RemovalPolicy.DESTROY,
            }),
            Environment = environment,
            ParamsAndSecrets = ParamsAndSecretsLayerVersion.FromVersion(ParamsAndSecretsVersions.V1_0_103, new ParamsAndSecretsOptions { CacheEnabled = false }),
        });
        Password.GrantRead(Function);
        Topic.GrantPublish(Function);

        var role = new Role(this, "SchedulerRole", new RoleProps { AssumedBy = new ServicePrincipal("scheduler.amazonaws.com") });
        role.AddToPolicy(new PolicyStatement(new PolicyStatementProps { Actions = ["lambda:InvokeFunction"], Resources = [Function.FunctionArn] }));
        Schedule = new CfnSchedule(this, "Schedule", new CfnScheduleProps
        {
            Description = "MarketAspire: evaluate the freshness deadlines and alerts, whether or not an execution ran",
            ScheduleExpression = ScheduleExpression(Hours(graph, settings)),
            ScheduleExpressionTimezone = "America/New_York",
            FlexibleTimeWindow = new CfnSchedule.FlexibleTimeWindowProperty { Mode = "OFF" },
            Target = new CfnSchedule.TargetProperty
            {
                Arn = Function.FunctionArn,
                RoleArn = role.RoleArn,
                Input = "{}",
                // A missed evaluation is made up by the next one; retrying an old one only repeats it.
                RetryPolicy = new CfnSchedule.RetryPolicyProperty { MaximumRetryAttempts = 0 },
            },
        });
    }

    public Function Function { get; }

    public Topic Topic { get; }

    public Secret Password { get; }

    public CfnSchedule Schedule { get; }

    /// <summary>
    /// The New York hours it runs in, weekdays: from the pipeline's schedule to an hour past the latest ERROR deadline
    /// (what an evaluation can change happens then: runs end, deadlines pass, partitions land). Each invocation wakes
    /// Redshift Serverless, which bills at least 60 s of its base capacity, so not around the clock.
    /// </summary>
    public static (int From, int To) Hours(AssetGraphDefinition graph, DeploymentSettings settings)
    {
        var start = ScheduleSetting.Read(settings.ScheduleTime)?.At.Hour ?? 0;
        var latest = graph.Assets.Select(a => a.Deadline?.ErrorAfter.Hour).Max() ?? 22;
        return (Math.Min(start, latest), Math.Min(latest + 1, 23));
    }

    public static string ScheduleExpression((int From, int To) hours) =>
        string.Create(CultureInfo.InvariantCulture, $"cron(0/{EveryMinutes} {hours.From}-{hours.To} ? * MON-FRI *)");
}
