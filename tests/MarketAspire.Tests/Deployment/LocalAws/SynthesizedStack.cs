using System.Globalization;
using System.Text;
using System.Text.Json;

namespace MarketAspire.Tests.Deployment.LocalAws;

/// <summary>
/// Reads what a deployment would run out of the synthesized CloudFormation template: each Lambda function (its
/// service, timeout, environment) and the state machine's definition, with CloudFormation references resolved the
/// way AWS would resolve them (placeholder account and region, a function's ARN named by its logical id).
/// </summary>
internal sealed class SynthesizedStack(JsonElement template)
{
    public const string Account = "123456789012";
    public const string Region = "us-east-1";

    public sealed record FunctionSpec(string LogicalId, string Service, TimeSpan Timeout, int MemoryMb, IReadOnlyDictionary<string, JsonElement> Environment);

    /// <summary>The functions of the graph's services (those the state machine invokes).</summary>
    public IReadOnlyList<FunctionSpec> Functions => AllFunctions.Where(f => f.Service != SensorService).ToList();

    /// <summary>The freshness sensor's function, invoked by its own schedule.</summary>
    public FunctionSpec Sensor => AllFunctions.Single(f => f.Service == SensorService);

    public const string SensorService = "sensor";

    private IEnumerable<FunctionSpec> AllFunctions => Resources("AWS::Lambda::Function").Select(f =>
    {
        var properties = f.Value.GetProperty("Properties");
        var description = properties.GetProperty("Description").GetString()!; // "MarketAspire {service}: ..."
        var service = description["MarketAspire ".Length..description.IndexOf(':', StringComparison.Ordinal)];
        var environment = properties.GetProperty("Environment").GetProperty("Variables").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone());
        return new FunctionSpec(f.Name, service, TimeSpan.FromSeconds(properties.GetProperty("Timeout").GetInt32()), properties.GetProperty("MemorySize").GetInt32(), environment);
    });

    /// <summary>The schedule that starts the state machine (its target is the machine's Ref; the sensor's is a function's ARN).</summary>
    public JsonElement PipelineScheduleTarget =>
        Resources("AWS::Scheduler::Schedule").Select(s => s.Value.GetProperty("Properties").GetProperty("Target"))
            .Single(t => t.GetProperty("Arn").TryGetProperty("Ref", out _));

    /// <summary>The schedule that invokes the sensor: its target is the sensor function's ARN, its input the event the function receives.</summary>
    public JsonElement SensorScheduleTarget =>
        Resources("AWS::Scheduler::Schedule").Select(s => s.Value.GetProperty("Properties").GetProperty("Target"))
            .Single(t => t.GetProperty("Arn").TryGetProperty("Fn::GetAtt", out var at) && at[0].GetString() == Sensor.LogicalId);

    /// <summary>The definition as Step Functions receives it: the template's Fn::Join resolved.</summary>
    public string StateMachineDefinition
    {
        get
        {
            var definition = Resources("AWS::StepFunctions::StateMachine").Single().Value.GetProperty("Properties").GetProperty("DefinitionString");
            return Resolve(definition);
        }
    }

    /// <summary>The input EventBridge Scheduler sends the state machine.</summary>
    public string ScheduleInput =>
        PipelineScheduleTarget.GetProperty("Input").GetString()!;

    public static string FunctionArn(string logicalId) => $"arn:aws:lambda:{Region}:{Account}:function:{logicalId}";

    /// <summary>A topic's ARN, as its Ref resolves (AWS names it after the stack and the logical id; the logical id stands for that name here).</summary>
    public static string TopicArn(string logicalId) => $"arn:aws:sns:{Region}:{Account}:{logicalId}";

    /// <summary>A secret's ARN, as its Ref resolves (the random suffix AWS appends left out).</summary>
    public static string SecretArn(string logicalId) => $"arn:aws:secretsmanager:{Region}:{Account}:secret:{logicalId}";

    public JsonElement Template => template;

    private IEnumerable<JsonProperty> Resources(string type) =>
        template.GetProperty("Resources").EnumerateObject().Where(r => r.Value.GetProperty("Type").GetString() == type);

    private static string Resolve(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            return value.GetString()!;
        }

        var (name, argument) = value.EnumerateObject().Single() is var p ? (p.Name, p.Value) : default;
        return name switch
        {
            "Fn::Join" => string.Join(argument[0].GetString(), argument[1].EnumerateArray().Select(Resolve)),
            "Ref" => argument.GetString() switch
            {
                "AWS::Partition" => "aws",
                "AWS::Region" => Region,
                "AWS::AccountId" => Account,
                "AWS::URLSuffix" => "amazonaws.com",
                var other => other!,
            },
            "Fn::GetAtt" when argument[1].GetString() == "Arn" => FunctionArn(argument[0].GetString()!),
            _ => throw new NotSupportedException(string.Create(CultureInfo.InvariantCulture, $"unresolved {name} in the definition: {value}")),
        };
    }
}
