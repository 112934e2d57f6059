using System.Text.Json;
using System.Text.Json.Nodes;
using MarketAspire.LocalServers;
using MarketAspire.Tests.Infrastructure;

namespace MarketAspire.Tests.Deployment.LocalAws;

/// <summary>
/// Requests the local run of the deployed shape made, evaluated against the synthesized template's IAM policies with
/// @cloud-copilot/iam-simulate (tools/aws-local/evaluate-iam.mjs): the role's policies as identity policies, the
/// bucket's policy as the resource policy. The local bucket stands for the template's bucket; requests count as
/// HTTPS (aws:SecureTransport), as the SDK sends them on AWS.
/// </summary>
internal sealed class IamEvaluation(SynthesizedStack stack)
{
    public sealed record Request(string Principal, string Action, string Resource, IReadOnlyDictionary<string, string> Context);

    public sealed record Result(Request Request, string Outcome, string? Errors);

    /// <summary>The role the resource (a function, the state machine) runs as.</summary>
    public string RoleOf(string logicalId) => (Resource(logicalId).GetProperty("Properties") is var p && p.TryGetProperty("Role", out var role) ? role : p.GetProperty("RoleArn"))
        .GetProperty("Fn::GetAtt")[0].GetString()!;

    public string StateMachineLogicalId => Resources("AWS::StepFunctions::StateMachine").Single().Name;

    /// <summary>The role EventBridge Scheduler assumes, and the ARN it starts an execution of.</summary>
    public (string Role, string Target) Schedule =>
        stack.PipelineScheduleTarget is var target
            ? (target.GetProperty("RoleArn").GetProperty("Fn::GetAtt")[0].GetString()!, Resolve(target.GetProperty("Arn"))!.GetValue<string>())
            : default;

    /// <summary>The role EventBridge Scheduler assumes to invoke the sensor, and the function ARN it invokes.</summary>
    public (string Role, string Target) SensorSchedule =>
        stack.SensorScheduleTarget is var target
            ? (target.GetProperty("RoleArn").GetProperty("Fn::GetAtt")[0].GetString()!, Resolve(target.GetProperty("Arn"))!.GetValue<string>())
            : default;

    /// <summary>The role Redshift assumes for COPY and UNLOAD: the one the functions name in REDSHIFT_IAM_ROLE_ARN.</summary>
    public string CopyRole => stack.Functions.Select(f => f.Environment[JobHosting.Configuration.SettingKeys.RedshiftIamRoleArn])
        .Select(arn => arn.GetProperty("Fn::GetAtt")[0].GetString()!).Distinct().Single();

    public static string RoleArn(string role) => $"arn:aws:iam::{SynthesizedStack.Account}:role/{role}";

    public string BucketName => Resources("AWS::S3::Bucket").Single().Value.GetProperty("Properties").GetProperty("BucketName").GetString()!;

    /// <summary>One line of the S3 emulator's request log, as the IAM request S3 authorizes.</summary>
    public Request S3Request(string role, string method, string url)
    {
        var query = url.Contains('?', StringComparison.Ordinal) ? url[(url.IndexOf('?', StringComparison.Ordinal) + 1)..] : "";
        var path = url.Split('?')[0].TrimStart('/');
        var key = path.Contains('/', StringComparison.Ordinal) ? Uri.UnescapeDataString(path[(path.IndexOf('/', StringComparison.Ordinal) + 1)..]) : "";
        var parameters = query.Split('&', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=', 2))
            .ToDictionary(p => p[0], p => p.Length > 1 ? Uri.UnescapeDataString(p[1]) : "");
        var context = new Dictionary<string, string> { ["aws:SecureTransport"] = "true" };
        var bucketArn = $"arn:aws:s3:::{BucketName}";
        var action = (method, key.Length > 0) switch
        {
            ("GET" or "HEAD", true) => "s3:GetObject",
            ("PUT", true) => "s3:PutObject",
            ("DELETE", true) => "s3:DeleteObject",
            ("GET", false) when parameters.ContainsKey("list-type") => "s3:ListBucket",
            _ => throw new NotSupportedException($"No IAM action mapped for S3 request {method} {url}: map it before the functions make it."),
        };
        if (action == "s3:ListBucket" && parameters.TryGetValue("prefix", out var prefix))
        {
            context["s3:prefix"] = prefix;
        }

        return new Request(RoleArn(role), action, key.Length > 0 ? $"{bucketArn}/{key}" : bucketArn, context);
    }

    public async Task<IReadOnlyList<Result>> EvaluateAsync(IReadOnlyList<Request> requests, CancellationToken ct)
    {
        var bucketPolicy = Resources("AWS::S3::BucketPolicy").Single().Value.GetProperty("Properties").GetProperty("PolicyDocument");
        var input = new JsonArray([.. requests.Select(r => new JsonObject
        {
            ["principal"] = r.Principal,
            ["action"] = r.Action,
            ["resource"] = r.Resource,
            ["context"] = new JsonObject(r.Context.Select(c => KeyValuePair.Create(c.Key, (JsonNode?)c.Value))),
            ["identityPolicies"] = new JsonArray([.. PoliciesOf(r.Principal.Split('/')[^1]).Select(p => (JsonNode?)Resolve(p))]),
            ["resourcePolicy"] = r.Action.StartsWith("s3:", StringComparison.Ordinal) ? Resolve(bucketPolicy) : null,
        })]);
        var file = Path.Combine(Path.GetTempPath(), $"marketaspire-iam-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, input.ToJsonString(), ct);
        try
        {
            await AwsLocalTools.EnsureInstalledAsync(ct);
            var run = await ProcessRun.RunAsync("node", [Path.Combine(RepoPaths.Root, "tools", "aws-local", "evaluate-iam.mjs"), file], new Dictionary<string, string?>(), ct);
            if (run.StandardOutput.Trim().Length == 0)
            {
                throw new InvalidOperationException($"evaluate-iam.mjs printed nothing:\n{run.StandardError}");
            }

            using var output = JsonDocument.Parse(run.StandardOutput.Trim().Split('\n')[^1]);
            return [.. output.RootElement.EnumerateArray().Select((e, i) => new Result(requests[i], e.GetProperty("result").GetString()!,
                e.TryGetProperty("errors", out var errors) ? errors.GetRawText() : null))];
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>The role's inline policies and the AWS::IAM::Policy resources attached to it (managed policies grant neither S3 nor secrets here).</summary>
    private IEnumerable<JsonElement> PoliciesOf(string role)
    {
        var inline = Resource(role).GetProperty("Properties").TryGetProperty("Policies", out var policies)
            ? policies.EnumerateArray().Select(p => p.GetProperty("PolicyDocument"))
            : [];
        var attached = Resources("AWS::IAM::Policy").Select(p => p.Value.GetProperty("Properties"))
            .Where(p => p.GetProperty("Roles").EnumerateArray().Any(r => r.TryGetProperty("Ref", out var id) && id.GetString() == role))
            .Select(p => p.GetProperty("PolicyDocument"));
        return inline.Concat(attached);
    }

    /// <summary>The policy as IAM sees it after deployment: Ref, Fn::GetAtt Arn and Fn::Join resolved.</summary>
    private JsonNode? Resolve(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Array => new JsonArray([.. value.EnumerateArray().Select(Resolve)]),
        JsonValueKind.Object when value.TryGetProperty("Ref", out var id) => Ref(id.GetString()!),
        JsonValueKind.Object when value.TryGetProperty("Fn::GetAtt", out var att) && att[1].GetString() == "Arn" => Arn(att[0].GetString()!),
        JsonValueKind.Object when value.TryGetProperty("Fn::Join", out var join) =>
            string.Join(join[0].GetString(), join[1].EnumerateArray().Select(part => Resolve(part)!.GetValue<string>())),
        JsonValueKind.Object => new JsonObject(value.EnumerateObject().Select(p => KeyValuePair.Create(p.Name, Resolve(p.Value)))),
        _ => JsonNode.Parse(value.GetRawText()),
    };

    private string Ref(string id) => id switch
    {
        "AWS::Partition" => "aws",
        "AWS::Region" => SynthesizedStack.Region,
        "AWS::AccountId" => SynthesizedStack.Account,
        _ when Resource(id).GetProperty("Type").GetString() == "AWS::SecretsManager::Secret" => SynthesizedStack.SecretArn(id),
        _ when Resource(id).GetProperty("Type").GetString() == "AWS::SNS::Topic" => SynthesizedStack.TopicArn(id),
        _ when Resource(id).GetProperty("Type").GetString() == "AWS::StepFunctions::StateMachine" =>
            $"arn:aws:states:{SynthesizedStack.Region}:{SynthesizedStack.Account}:stateMachine:{Resource(id).GetProperty("Properties").GetProperty("StateMachineName").GetString()}",
        _ => throw new NotSupportedException($"Ref {id} in a policy: say what it resolves to."),
    };

    private string Arn(string id) => Resource(id).GetProperty("Type").GetString() switch
    {
        "AWS::S3::Bucket" => $"arn:aws:s3:::{BucketName}",
        "AWS::Lambda::Function" => SynthesizedStack.FunctionArn(id),
        "AWS::IAM::Role" => RoleArn(id),
        var type => throw new NotSupportedException($"Fn::GetAtt {id}.Arn ({type}) in a policy: say what it resolves to."),
    };

    private JsonElement Resource(string id) => stack.Template.GetProperty("Resources").GetProperty(id);

    private IEnumerable<JsonProperty> Resources(string type) =>
        stack.Template.GetProperty("Resources").EnumerateObject().Where(r => r.Value.GetProperty("Type").GetString() == type);
}
