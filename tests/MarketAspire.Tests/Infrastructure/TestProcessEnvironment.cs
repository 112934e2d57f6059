using System.Runtime.CompilerServices;
using MarketAspire.JobHosting.Configuration;

namespace MarketAspire.Tests.Infrastructure;

/// <summary>
/// The only place the test process sets environment variables: once, when the assembly loads, before any test runs.
/// Tests pass their settings as configuration instead; child processes inherit these.
/// </summary>
internal static class TestProcessEnvironment
{
    [ModuleInitializer]
    internal static void Set()
    {
        // No developer's .env leaks into a test, a job host or a child process the tests start.
        Environment.SetEnvironmentVariable(SettingKeys.EnvFile, "none");

        // jsii (behind the CDK tests) runs Node and would warn about its version on every synthesis.
        Environment.SetEnvironmentVariable("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20");
    }
}
