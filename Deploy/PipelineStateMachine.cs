using Amazon.CDK;
using Amazon.CDK.AWS.Lambda;
using Amazon.CDK.AWS.StepFunctions;
using Amazon.CDK.AWS.StepFunctions.Tasks;
using Constructs;
using MarketAspire.AssetGraph.Graph;

namespace MarketAspire.Deploy;

/// <summary>
/// The Step Functions state machine, generated from the asset graph (the same definition the AppHost uses). First the
/// warehouse schema is brought up to date and the execution's partition resolved once, from its start time (so every
/// task loads the same date even across midnight in New York); then the services run in graph order, one invocation
/// each for the partition (one extractor process holds the API rate limits and records one materialization for all
/// symbols); every task retries transient Lambda errors with backoff; a failing task (an ERROR check included) fails
/// the execution with the task's error. Input: <c>{"partition": "YYYY-MM-DD" or "today"}</c>.
/// </summary>
public sealed class PipelineStateMachine : Construct
{
    public const string PrepareState = "prepare";
    public const string RunningState = "running executions";
    public const string Name = "marketaspire-daily";

    private static readonly string[] TransientErrors =
        ["Lambda.ServiceException", "Lambda.AWSLambdaException", "Lambda.SdkClientException", "Lambda.TooManyRequestsException"];

    public PipelineStateMachine(Construct scope, string id, AssetGraphDefinition graph, IReadOnlyDictionary<string, Function> functions)
        : base(scope, id)
    {
        var preparer = graph.Preparer ?? throw new InvalidOperationException("The asset graph names no service that prepares the warehouse (PrepareCommand).");
        var prepare = Invoke(PrepareState, functions[preparer.Name], new Dictionary<string, object>
        {
            ["command"] = preparer.PrepareCommand!,
            ["partition.$"] = "$.partition",
            ["startedAt.$"] = "$$.Execution.StartTime",
        }, "$.resolved", new Dictionary<string, object> { ["partition.$"] = "$.Payload.partition" });

        // An execution started by hand without input loads today, as the schedule's does. (IsPresent: true, not
        // IsNotPresent: the local interpreter, aws-local-stepfunctions 3.0.0, never matches IsPresent: false.)
        var start = new Choice(this, "partition given?")
            .When(Condition.IsPresent("$.partition"), prepare)
            .Otherwise(new Pass(this, "today", new PassProps { Result = Result.FromString("today"), ResultPath = "$.partition" }).Next(prepare));
        // Two executions at once (one started by hand while the schedule's runs) would run two extractors at twice
        // the API's rate limit: the later ones stop before any task. Two started in the same instant both stop; the
        // next schedule runs again. (Reserved concurrency 1 would also do it, but fails the deploy in accounts whose
        // concurrency limit is 10, as new accounts' is.)
        var self = Stack.Of(this).FormatArn(new ArnComponents
        {
            Service = "states", Resource = "stateMachine", ResourceName = Name, ArnFormat = ArnFormat.COLON_RESOURCE_NAME,
        });
        var running = new CallAwsService(this, RunningState, new CallAwsServiceProps
        {
            Service = "sfn",
            Action = "listExecutions",
            IamAction = "states:ListExecutions",
            IamResources = [self],
            Parameters = new Dictionary<string, object> { ["StateMachineArn"] = self, ["StatusFilter"] = "RUNNING" },
            ResultSelector = new Dictionary<string, object> { ["count.$"] = "States.ArrayLength($.Executions)" },
            ResultPath = "$.running",
        });
        // A throttled or failed look-up would otherwise end the day's run before any task. It only reads, so any error
        // is worth the retries (the SDK integration's error names are not all documented); a persisting one still fails.
        running.AddRetry(new RetryProps
        {
            Errors = [Errors.ALL],
            Interval = Duration.Seconds(2),
            BackoffRate = 2,
            MaxAttempts = 3,
            JitterStrategy = JitterType.FULL,
        });
        var alone = new Choice(this, "alone?")
            .When(Condition.NumberGreaterThan("$.running.count", 1), new Fail(this, "already running", new FailProps
            {
                Error = "ExecutionAlreadyRunning",
                Cause = $"another execution of {Name} is running: this one stopped before any task, so two extractors never share the API's rate limit",
            }))
            .Otherwise(start);
        var chain = Chain.Start(prepare);
        foreach (var service in graph.ServicesInOrder)
        {
            // The execution's ARN: the root of the lineage of every run the task makes.
            chain = chain.Next(Invoke(service.Name, functions[service.Name], new Dictionary<string, object>
            {
                ["partition.$"] = "$.resolved.partition",
                ["execution.$"] = "$$.Execution.Id",
            }, JsonPath.DISCARD));
        }

        chain.Next(new Succeed(this, "done"));
        StateMachine = new StateMachine(this, "StateMachine", new StateMachineProps
        {
            StateMachineName = Name,
            DefinitionBody = DefinitionBody.FromChainable(running.Next(alone)),
            Timeout = Duration.Hours(2),
        });
    }

    public StateMachine StateMachine { get; }

    private LambdaInvoke Invoke(string name, Function function, Dictionary<string, object> payload, string resultPath, Dictionary<string, object>? resultSelector = null)
    {
        var task = new LambdaInvoke(this, name, new LambdaInvokeProps
        {
            LambdaFunction = function,
            Payload = TaskInput.FromObject(payload),
            ResultPath = resultPath,
            ResultSelector = resultSelector,

            // The function's own timeout plus a margin: a task never waits forever on a function that cannot answer.
            TaskTimeout = Amazon.CDK.AWS.StepFunctions.Timeout.Duration(function.Timeout!.Plus(Duration.Minutes(1))),
            RetryOnServiceExceptions = false,
        });
        task.AddRetry(new RetryProps
        {
            Errors = TransientErrors,
            Interval = Duration.Seconds(5),
            BackoffRate = 2,
            MaxAttempts = 3,
            JitterStrategy = JitterType.FULL,
        });
        return task;
    }
}
