using MarketAspire.AssetGraph.Graph;

namespace MarketAspire.Tests.Deployment.LocalAws;

/// <summary>
/// Every failure path of the synthesized state machine, run under the real ASL interpreter with the Lambda integration
/// stubbed: each Task state's Retry and Catch entries and its TimeoutSeconds, enumerated from the template, answered
/// with the integration's errors (Lambda.ServiceException, Lambda.TooManyRequestsException, ...) and with a hang.
/// </summary>
public class StateMachineFailurePathTests
{
    private const string Input = """{"partition":"2026-11-25"}""";
    private const string Wildcard = "Local.InjectedError"; // stands for States.ALL or States.TaskFailed

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly Lazy<SynthesizedStack> Stack = new(() => new SynthesizedStack(StackTemplateTests.Default.Value));

    private static IReadOnlyList<DefinitionTasks.TaskState> LambdaTasks =>
        DefinitionTasks.Read(Stack.Value.StateMachineDefinition).Where(t => t.InvokesLambda).ToList();

    [Fact]
    public void Every_lambda_task_retries_the_integrations_transient_errors_and_waits_longer_than_its_function()
    {
        var functions = Stack.Value.Functions.ToDictionary(f => SynthesizedStack.FunctionArn(f.LogicalId), f => f.Timeout);
        Assert.Equal(1 + MarketAssets.Graph.ServicesInOrder.Count, LambdaTasks.Count);
        Assert.All(LambdaTasks, task =>
        {
            Assert.True(task.Retry.Any(r => r.Matches("Lambda.ServiceException") && r.MaxAttempts > 0), $"{task.Name} does not retry Lambda.ServiceException");
            Assert.True(task.Retry.Any(r => r.Matches("Lambda.TooManyRequestsException") && r.MaxAttempts > 0), $"{task.Name} does not retry Lambda.TooManyRequestsException");

            // A task that gave up before its function's own deadline would leave that function's run recorded as running.
            Assert.True(task.TimeoutSeconds > functions[task.FunctionName!].TotalSeconds, $"{task.Name}: TimeoutSeconds {task.TimeoutSeconds} is not beyond its function's timeout");
        });
    }

    [Fact]
    public async Task Every_task_recovers_from_each_error_its_Retry_names_up_to_MaxAttempts()
    {
        // Each task fails MaxAttempts times per retrier, cycling through the retrier's errors (the starting point
        // shifted per task, so every error is injected somewhere), then succeeds.
        var failures = LambdaTasks.Select((task, i) => (task.Name, Errors: task.Retry
            .SelectMany(r => Enumerable.Range(i, r.MaxAttempts).Select(n => Concrete(r.Errors[n % r.Errors.Count]))).ToList())).ToDictionary();

        var outcome = await StubbedExecution.RunAsync(Stack.Value.StateMachineDefinition, Input,
            (state, attempt) => attempt <= failures[state].Count ? StubAnswer.Fail(failures[state][attempt - 1]) : StubAnswer.Succeed, Ct);

        Assert.True(outcome.Status == "SUCCEEDED", outcome.Raw);
        Assert.All(failures, f =>
        {
            Assert.Equal(f.Value.Count + 1, outcome.InvocationsOf(f.Key));
            Assert.Equal(f.Value.Count, outcome.Count("StateRetried", f.Key));
        });
        var injected = failures.Values.SelectMany(e => e).ToHashSet();
        Assert.All(LambdaTasks.SelectMany(t => t.Retry).SelectMany(r => r.Errors).Select(Concrete), e => Assert.Contains(e, injected));
        TestContext.Current.TestOutputHelper?.WriteLine($"retried: {string.Join(", ", failures.Select(f => $"{f.Key} x{f.Value.Count}"))}");
    }

    [Fact]
    public async Task A_transient_error_that_persists_past_MaxAttempts_takes_the_tasks_Catch_or_fails_the_execution()
    {
        await ForEachTaskAsync(async task =>
        {
            var error = task.Retry.Count > 0 ? Concrete(task.Retry[0].Errors[0]) : "Lambda.ServiceException";
            var outcome = await StubbedExecution.RunAsync(Stack.Value.StateMachineDefinition, Input,
                (state, _) => state == task.Name ? StubAnswer.Fail(error) : StubAnswer.Succeed, Ct);

            AssertGaveUp(task, error, outcome);
        });
    }

    [Fact]
    public async Task A_task_that_hangs_past_its_TimeoutSeconds_ends_with_States_Timeout()
    {
        await ForEachTaskAsync(async task =>
        {
            Assert.True(task.TimeoutSeconds is not null, $"{task.Name} has no TimeoutSeconds: a hung invocation would hold the execution for its whole timeout");
            var outcome = await StubbedExecution.RunAsync(Stack.Value.StateMachineDefinition, Input,
                (state, _) => state == task.Name ? StubAnswer.Hang : StubAnswer.Succeed, Ct);

            AssertGaveUp(task, "States.Timeout", outcome);
        });
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task The_running_executions_lookup_retries_its_errors_up_to_MaxAttempts_then_fails_the_execution(int beyond)
    {
        var lookup = DefinitionTasks.Read(Stack.Value.StateMachineDefinition).Single(t => t.Name == Deploy.PipelineStateMachine.RunningState);
        var retrier = Assert.Single(lookup.Retry, r => r.Matches("Sfn.SfnException"));
        Assert.True(retrier.MaxAttempts >= 2, $"{lookup.Name} retries {retrier.MaxAttempts} times");
        var errors = Enumerable.Repeat("Sfn.SfnException", retrier.MaxAttempts + beyond);

        var outcome = await StubbedExecution.RunAsync(Stack.Value.StateMachineDefinition, Input, (_, _) => StubAnswer.Succeed, Ct,
            new Dictionary<string, string?> { ["LOCAL_LIST_EXECUTIONS_ERRORS"] = string.Join(",", errors) });

        Assert.Equal(retrier.MaxAttempts, outcome.Count("StateRetried", lookup.Name));
        Assert.True((beyond == 0 ? "SUCCEEDED" : "FAILED") == outcome.Status, outcome.Raw);
        Assert.Equal(beyond == 0 ? null : "Sfn.SfnException", outcome.Error);
    }

    /// <summary>What the definition says happens when the task keeps answering the error, checked against the run.</summary>
    private static void AssertGaveUp(DefinitionTasks.TaskState task, string error, StubbedExecution.Outcome outcome)
    {
        var retries = task.Retry.FirstOrDefault(r => r.Matches(error))?.MaxAttempts ?? 0;
        Assert.True(retries + 1 == outcome.InvocationsOf(task.Name), $"{task.Name} {error}: {outcome.InvocationsOf(task.Name)} invocations\n{outcome.Raw}");
        Assert.Equal(retries, outcome.Count("StateRetried", task.Name));
        if (task.Catch.FirstOrDefault(c => c.Matches(error)) is { } catcher)
        {
            Assert.Equal(1, outcome.Count("StateCaught", task.Name));
            Assert.Contains($"StateEntered:{catcher.Next}", outcome.Events);
        }
        else
        {
            Assert.True(("FAILED", error) == (outcome.Status, outcome.Error), $"{task.Name} {error}:\n{outcome.Raw}");
            Assert.Equal($"StateEntered:{task.Name}", outcome.Events.Last(e => e.StartsWith("StateEntered:", StringComparison.Ordinal)));
        }
    }

    /// <summary>One execution per task, all at once (each a Node process that mostly waits).</summary>
    private static async Task ForEachTaskAsync(Func<DefinitionTasks.TaskState, Task> run)
    {
        using var slots = new SemaphoreSlim(LambdaTasks.Count);
        await Task.WhenAll(LambdaTasks.Select(async task =>
        {
            await slots.WaitAsync(Ct);
            try
            {
                await run(task);
            }
            finally
            {
                slots.Release();
            }
        }));
    }

    private static string Concrete(string error) => error is "States.ALL" or "States.TaskFailed" ? Wildcard : error;
}
