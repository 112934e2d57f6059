using System.Text.Json;
using MarketAspire.LocalServers;
using MarketAspire.Tests.Infrastructure;

namespace MarketAspire.Tests.Deployment.LocalAws;

/// <summary>The IAM requests a local run of the deployed shape made, as its roles would make them on AWS.</summary>
internal static class IamRequests
{
    /// <param name="s3RequestLog">The S3 emulator's request log (shared by all tests: only this run's bucket counts).</param>
    /// <param name="bucket">The run's local bucket.</param>
    /// <param name="sns">What the functions published to SNS (the harness's receiver).</param>
    public static IReadOnlyList<IamEvaluation.Request> Of(LocalAwsRun run, IamEvaluation iam, string s3RequestLog, string bucket, SnsReceiver sns)
    {
        var requests = new List<IamEvaluation.Request>();
        foreach (var line in File.ReadAllLines(s3RequestLog))
        {
            using var entry = JsonDocument.Parse(line);
            var url = entry.RootElement.GetProperty("url").GetString()!;
            var function = entry.RootElement.GetProperty("accessKeyId").GetString();
            if (function is not null && run.Functions.ContainsKey(function) && (url.StartsWith($"/{bucket}/", StringComparison.Ordinal) || url.StartsWith($"/{bucket}?", StringComparison.Ordinal)))
            {
                requests.Add(iam.S3Request(iam.RoleOf(function), entry.RootElement.GetProperty("method").GetString()!, url));
            }
        }

        foreach (var function in run.Functions.Values.Append(run.Sensor))
        {
            requests.AddRange(function.SecretsRead.Distinct().Select(secret =>
                new IamEvaluation.Request(IamEvaluation.RoleArn(iam.RoleOf(function.Name)), "secretsmanager:GetSecretValue", secret, new Dictionary<string, string>())));
        }

        var stateMachineRole = IamEvaluation.RoleArn(iam.RoleOf(iam.StateMachineLogicalId));
        requests.AddRange(run.Invoked.Distinct().Select(function =>
            new IamEvaluation.Request(stateMachineRole, "lambda:InvokeFunction", SynthesizedStack.FunctionArn(function), new Dictionary<string, string>())));

        // The schedule starts each execution (the harness plays it); the first state asks how many run.
        var (scheduler, target) = iam.Schedule;
        requests.Add(new IamEvaluation.Request(IamEvaluation.RoleArn(scheduler), "states:StartExecution", target, new Dictionary<string, string>()));
        using var definition = JsonDocument.Parse(run.Stack.StateMachineDefinition);
        var lookup = definition.RootElement.GetProperty("States").GetProperty(Deploy.PipelineStateMachine.RunningState).GetProperty("Parameters");
        requests.Add(new IamEvaluation.Request(stateMachineRole, "states:ListExecutions", lookup.GetProperty("StateMachineArn").GetString()!, new Dictionary<string, string>()));

        // The sensor's schedule invokes it; it publishes to its topic, signed with its role's credentials (the access
        // key id names the function here).
        if (run.SensorInvocations > 0)
        {
            var (sensorScheduler, sensor) = iam.SensorSchedule;
            requests.Add(new IamEvaluation.Request(IamEvaluation.RoleArn(sensorScheduler), "lambda:InvokeFunction", sensor, new Dictionary<string, string>()));
        }

        foreach (var publish in sns.Requests)
        {
            var credential = publish.Headers["authorization"].Split("Credential=")[1].Split('/')[0];
            var form = System.Web.HttpUtility.ParseQueryString(System.Text.Encoding.UTF8.GetString(publish.Body));
            requests.Add(new IamEvaluation.Request(IamEvaluation.RoleArn(iam.RoleOf(credential)), "sns:" + form["Action"], form["TopicArn"]!, new Dictionary<string, string>()));
        }

        // One request per distinct (role, action, resource, context): the same object read twice is one question to IAM.
        return [.. requests.DistinctBy(r => (r.Principal, r.Action, r.Resource, string.Join(",", r.Context.Select(c => $"{c.Key}={c.Value}"))))];
    }
}
