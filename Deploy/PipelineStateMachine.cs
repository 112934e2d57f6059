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
        var chain = Chain.Start(prepare);
        foreach (var service in graph.ServicesInOrder)
        {
            chain = chain.Next(Invoke(service.Name, functions[service.Name], new Dictionary<string, object> { ["partition.$"] = "$.resolved.partition" }, JsonPath.DISCARD));
        }

        chain.Next(new Succeed(this, "done"));
        StateMachine = new StateMachine(this, "StateMachine", new StateMachineProps
        {
            StateMachineName = "marketaspire-daily",
            DefinitionBody = DefinitionBody.FromChainable(start),
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
