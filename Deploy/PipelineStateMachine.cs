using Amazon.CDK;
using Amazon.CDK.AWS.Lambda;
using Amazon.CDK.AWS.StepFunctions;
using Amazon.CDK.AWS.StepFunctions.Tasks;
using MarketAspire.AssetGraph.Graph;
using Constructs;

namespace MarketAspire.Deploy;

/// <summary>
/// The Step Functions state machine, generated from the asset graph (the same definition the AppHost uses): services in
/// graph order; a service whose assets read nothing upstream (extraction) fans out as a Map over the input's symbols
/// with a concurrency that respects the API rate limit; every task retries transient errors with backoff; a failing
/// task (an ERROR check included) fails the execution.
/// Input: <c>{"partition": "YYYY-MM-DD" or "today", "symbols": ["IBM", ...]}</c>.
/// </summary>
public sealed class PipelineStateMachine : Construct
{
    private static readonly string[] TransientErrors =
        ["Lambda.ServiceException", "Lambda.AWSLambdaException", "Lambda.SdkClientException", "Lambda.TooManyRequestsException", "States.Timeout"];

    public PipelineStateMachine(Construct scope, string id, AssetGraphDefinition graph, IReadOnlyDictionary<string, Function> functions, int requestsPerMinute)
        : base(scope, id)
    {
        Chain? chain = null;
        foreach (var service in graph.ServicesInOrder)
        {
            var assets = graph.AssetsOf(service.Name);
            var fansOut = assets.Count > 0 && assets.All(a => a.Upstream.Count == 0);
            IChainable step;
            if (fansOut)
            {
                var perSymbol = Invoke($"{service.Name} symbol", functions[service.Name],
                    new Dictionary<string, object> { ["partition.$"] = "$.partition", ["symbols.$"] = "States.Array($.symbol)" });
                var map = new Map(this, $"{service.Name} per symbol", new MapProps
                {
                    ItemsPath = "$.symbols",
                    ItemSelector = new Dictionary<string, object> { ["partition.$"] = "$.partition", ["symbol.$"] = "$$.Map.Item.Value" },
                    MaxConcurrency = Math.Max(1, requestsPerMinute / 60),
                    ResultPath = JsonPath.DISCARD,
                });
                map.ItemProcessor(perSymbol);
                step = map;
            }
            else
            {
                step = Invoke(service.Name, functions[service.Name], new Dictionary<string, object> { ["partition.$"] = "$.partition" });
            }

            chain = chain is null ? Chain.Start(step) : chain.Next(step);
        }

        StateMachine = new StateMachine(this, "StateMachine", new StateMachineProps
        {
            StateMachineName = "marketaspire-daily",
            DefinitionBody = DefinitionBody.FromChainable(chain!.Next(new Succeed(this, "done"))),
            Timeout = Duration.Hours(2),
        });
    }

    public StateMachine StateMachine { get; }

    private LambdaInvoke Invoke(string name, Function function, Dictionary<string, object> payload)
    {
        var task = new LambdaInvoke(this, name, new LambdaInvokeProps
        {
            LambdaFunction = function,
            Payload = TaskInput.FromObject(payload),
            ResultPath = JsonPath.DISCARD,
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
