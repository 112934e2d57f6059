using System.Globalization;
using Amazon.CDK;
using Amazon.CDK.AWS.CloudWatch;
using Amazon.CDK.AWS.CloudWatch.Actions;
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
        var webhook = settings.AlertWebhookSecretArn is { } webhookArn ? Secret.FromSecretCompleteArn(this, "AlertWebhookUrl", webhookArn) : null;
        if (webhook is not null)
        {
            // Read through the secrets extension at each invocation, like the password: the URL is its own credential.
            environment[SettingKeys.AlertWebhookUrl + SettingKeys.SecretArnSuffix] = webhook.SecretArn;
            if (settings.AlertWebhookFormat is { } format)
            {
                environment[SettingKeys.AlertWebhookFormat] = format;
            }
        }

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
        webhook?.GrantRead(Function);
        Topic.GrantPublish(Function);

        WatchItself(graph, settings);

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

    /// <summary>
    /// The sensor watched from outside, to its own topic (alarm and clear): a failed evaluation (the warehouse unreachable,
    /// a secret not set) leaves the deadlines unwatched, and a sensor that is never invoked says nothing at all.
    /// </summary>
    private void WatchItself(AssetGraphDefinition graph, DeploymentSettings settings)
    {
        var alerts = new SnsAction(Topic);
        var failed = new Alarm(this, "Failed", new AlarmProps
        {
            AlarmDescription = "The MarketAspire sensor's evaluation failed (its log group /marketaspire/sensor says why): freshness deadlines and alerts go unwatched until one succeeds.",
            Metric = Function.MetricErrors(new MetricOptions { Period = Duration.Minutes(EveryMinutes), Statistic = "Sum" }),
            Threshold = 1,
            EvaluationPeriods = 1,
            ComparisonOperator = ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            TreatMissingData = TreatMissingData.NOT_BREACHING,
        });
        var hours = SilentHours(Hours(graph, settings));
        var silent = new Alarm(this, "NotInvoked", new AlarmProps
        {
            AlarmDescription = string.Create(CultureInfo.InvariantCulture,
                $"The MarketAspire sensor was not invoked for {hours} hours, longer than its schedule's weekend gap: check its EventBridge schedule and its role."),
            Metric = Function.MetricInvocations(new MetricOptions { Period = Duration.Hours(1), Statistic = "Sum" }),
            Threshold = 1,
            EvaluationPeriods = hours,
            DatapointsToAlarm = hours,
            ComparisonOperator = ComparisonOperator.LESS_THAN_THRESHOLD,
            // No invocation emits no datapoint: missing is the very condition.
            TreatMissingData = TreatMissingData.BREACHING,
        });
        foreach (var alarm in new[] { failed, silent })
        {
            alarm.AddAlarmAction(alerts);
            alarm.AddOkAction(alerts);
        }
    }

    /// <summary>
    /// How many hours without an invocation mean the sensor is not running: the empty hours between Friday's last
    /// evaluation and Monday's first, plus a DST night's extra hour and one more, so a normal weekend never alarms.
    /// </summary>
    public static int SilentHours((int From, int To) hours) => (3 * 24) - (hours.To + 1 - hours.From) + 2;

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
