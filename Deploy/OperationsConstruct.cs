using System.Globalization;
using Amazon.CDK.AWS.CloudWatch;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.Lambda;
using Amazon.CDK.AWS.SNS;
using Amazon.CDK.AWS.Scheduler;
using Amazon.CDK.AWS.StepFunctions;
using Constructs;
using MarketAspire.AssetGraph.Partitions;
using MarketAspire.JobHosting.Configuration;

namespace MarketAspire.Deploy;

/// <summary>
/// The daily schedule (the orchestration rule: after the close, Monday to Friday, New York time) and the alarms on a
/// failed execution and on a failed ERROR check, sent to an SNS topic.
/// </summary>
public sealed class OperationsConstruct : Construct
{
    public OperationsConstruct(Construct scope, string id, DeploymentSettings settings, StateMachine stateMachine, Function checks)
        : base(scope, id)
    {
        var at = ScheduleSetting.Read(settings.ScheduleTime)
            ?? throw new ConfigurationException("The deployed pipeline needs a schedule time; 'off' only applies locally.");
        var role = new Role(this, "SchedulerRole", new RoleProps { AssumedBy = new ServicePrincipal("scheduler.amazonaws.com") });
        role.AddToPolicy(new PolicyStatement(new PolicyStatementProps { Actions = ["states:StartExecution"], Resources = [stateMachine.StateMachineArn] }));

        Schedule = new CfnSchedule(this, "Daily", new CfnScheduleProps
        {
            Description = "MarketAspire: materialize the day's partition after the market's close",
            ScheduleExpression = ScheduleExpression(at),
            ScheduleExpressionTimezone = "America/New_York",
            FlexibleTimeWindow = new CfnSchedule.FlexibleTimeWindowProperty { Mode = "OFF" },
            Target = new CfnSchedule.TargetProperty
            {
                Arn = stateMachine.StateMachineArn,
                RoleArn = role.RoleArn,
                // The symbols are the functions' MARKET_SYMBOLS; "today" is resolved once, from the execution's start time.
                Input = System.Text.Json.JsonSerializer.Serialize(new { partition = "today" }),
            },
        });

        Topic = new Topic(this, "Alarms", new TopicProps { DisplayName = "MarketAspire alarms" });
        Alarm("ExecutionFailed", "A MarketAspire pipeline execution failed (a step failed after its retries, or an ERROR check failed).",
            stateMachine.MetricFailed(new MetricOptions { Period = Amazon.CDK.Duration.Minutes(5) }));
        Alarm("ErrorCheckFailed", "The quality function failed: an ERROR asset check failed on fct_stock_prices.",
            checks.MetricErrors(new MetricOptions { Period = Amazon.CDK.Duration.Minutes(5) }));
    }

    public CfnSchedule Schedule { get; }

    private void Alarm(string id, string description, IMetric metric) =>
        new Alarm(this, id, new AlarmProps
        {
            AlarmDescription = description,
            Metric = metric,
            Threshold = 1,
            EvaluationPeriods = 1,
            ComparisonOperator = ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            TreatMissingData = TreatMissingData.NOT_BREACHING,
        }).AddAlarmAction(new Amazon.CDK.AWS.CloudWatch.Actions.SnsAction(Topic));

    public Topic Topic { get; }

    /// <summary>cron(MM HH ? * MON-FRI *) in the schedule's time zone; NYSE holidays run as no-op reloads (see docs/deployment.md).</summary>
    public static string ScheduleExpression(DailySchedule schedule) =>
        string.Create(CultureInfo.InvariantCulture, $"cron({schedule.At.Minute} {schedule.At.Hour} ? * MON-FRI *)");
}
