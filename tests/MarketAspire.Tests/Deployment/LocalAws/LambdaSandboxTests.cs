using MarketAspire.LocalServers;

namespace MarketAspire.Tests.Deployment.LocalAws;

/// <summary>
/// The sandbox the published bundles run in, probed from inside by a bootstrap of its own (a shell loop over the
/// Runtime API with curl): what it sees is what the services see, without publishing anything.
/// </summary>
public sealed class LambdaSandboxTests : IAsyncLifetime
{
    private const string Probe = """
        #!/bin/sh
        # A custom runtime in shell: answers each event with what it finds. A ticker counts the sandbox's running time.
        api="http://$AWS_LAMBDA_RUNTIME_API/2018-06-01/runtime"
        (while :; do echo tick >> /tmp/ticks; sleep 0.05; done) &
        while :; do
          body=$(curl -sS -D /tmp/headers "$api/invocation/next")
          id=$(grep -i '^lambda-runtime-aws-request-id:' /tmp/headers | cut -d' ' -f2 | tr -d '\r')
          case "$body" in
            env) out=$(env | cut -d= -f1 | sort) ;;
            user) out=$(id -u) ;;
            write-code) out=$(touch "$LAMBDA_TASK_ROOT/written" 2>/dev/null && echo written || echo refused) ;;
            fill-tmp) out=$(head -c 80M /dev/zero > /tmp/fill 2>/dev/null && echo fitted || echo full); rm -f /tmp/fill ;;
            allocate-*) head -c "${body#allocate-}" /dev/zero | tail > /dev/null; [ $? -eq 137 ] && out=killed || out=survived ;;
            ticks) out=$(wc -l < /tmp/ticks) ;;
            *) out="unknown $body" ;;
          esac
          curl -sS -X POST --data-binary "$out" "$api/invocation/$id/response" > /dev/null
        done
        """;

    private static readonly Dictionary<string, string> Template = new() { ["FROM_THE_TEMPLATE"] = "yes" };
    private readonly string _bundle = Directory.CreateTempSubdirectory("marketaspire-probe-").FullName;
    private LambdaFunctionEmulator _function = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        var bootstrap = Path.Combine(_bundle, "bootstrap");
        await File.WriteAllTextAsync(bootstrap, Probe, Ct);
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("Lambda's sandbox is Linux's (bubblewrap and cgroups).");
        }

        File.SetUnixFileMode(bootstrap, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        Environment.SetEnvironmentVariable("MARKET_PROBE_HOST_ONLY", "leaked"); // a variable of this process, not of the function
        _function = new LambdaFunctionEmulator("probe", _bundle, memoryMb: 128, TimeSpan.FromSeconds(20), Template, new Dictionary<string, string>(), ephemeralStorageMb: 64);
        await _function.StartAsync(Ct);
    }

    private async Task<string> InvokeAsync(string payload)
    {
        var result = await _function.InvokeAsync(payload, Ct);
        Assert.True(result.Succeeded, $"{result.ErrorType}: {result.ErrorMessage}\n{_function.Output}");
        return result.Payload.Trim();
    }

    [Fact]
    public async Task The_function_sees_only_the_templates_variables_and_Lambdas_own()
    {
        var names = (await InvokeAsync("env")).Split('\n');

        string[] lambda =
        [
            "_HANDLER", "AWS_DEFAULT_REGION", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_VERSION",
            "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_LAMBDA_RUNTIME_API", "AWS_REGION",
            "AWS_SESSION_TOKEN", "LAMBDA_RUNTIME_DIR", "LAMBDA_TASK_ROOT", "LANG", "LD_LIBRARY_PATH", "PATH", "TZ",
        ];
        string[] expected = [.. lambda, "FROM_THE_TEMPLATE", "PARAMETERS_SECRETS_EXTENSION_HTTP_PORT", "PWD"]; // PWD: the shell's own
        Assert.Equal(expected.Order(StringComparer.Ordinal), names.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_code_is_read_only_tmp_is_bounded_and_the_user_is_not_root()
    {
        Assert.Equal("refused", await InvokeAsync("write-code"));
        Assert.Equal("full", await InvokeAsync("fill-tmp")); // 80 MB into a 64 MB /tmp
        Assert.Equal("993", await InvokeAsync("user"));
    }

    [Fact]
    public async Task Memory_beyond_the_functions_size_is_killed_and_less_is_not()
    {
        Assert.Equal("survived", await InvokeAsync("allocate-32M"));
        Assert.Equal("killed", await InvokeAsync("allocate-256M")); // the function has 128 MB
        Assert.Contains(_function.Reports, r => r.MaxMemoryUsedMb >= 32 && r.MemorySizeMb == 128);
    }

    [Fact]
    public async Task Between_invocations_every_process_of_the_sandbox_is_frozen()
    {
        await InvokeAsync("ticks");
        Assert.Equal("FROZEN", _function.Sandbox.State);
        var before = int.Parse(await InvokeAsync("ticks"), System.Globalization.CultureInfo.InvariantCulture);

        await Task.Delay(TimeSpan.FromSeconds(3), Ct); // 60 ticks if the ticker ran

        // What ticks is the sandbox's thawed time around the invocations: a fraction of a second, more on a busy machine.
        var after = int.Parse(await InvokeAsync("ticks"), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(after - before, 0, 30);
        Assert.Equal(1, _function.ColdStarts);
        Assert.NotNull(_function.Reports.First().Init);
        Assert.All(_function.Reports.Skip(1), r => Assert.Null(r.Init));
    }

    public async ValueTask DisposeAsync()
    {
        await _function.DisposeAsync();
        Environment.SetEnvironmentVariable("MARKET_PROBE_HOST_ONLY", null);
        Directory.Delete(_bundle, recursive: true);
    }
}
