using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Amazon.Runtime;
using MarketAspire.AssetGraph.Graph;
using MarketAspire.Sensor.Alerts;
using MarketAspire.Sensor.Delivery;
using MarketAspire.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace MarketAspire.Tests.Operations;

/// <summary>
/// The SNS destination against a real HTTP receiver standing for SNS: the request is the Query API's Publish, and its
/// Signature Version 4 is checked by the test's own verifier written from AWS's description of the algorithm (itself
/// checked against the worked example AWS publishes), not by the SDK that signed it.
/// </summary>
public class SnsDestinationTests
{
    private const string Topic = "arn:aws:sns:us-east-1:123456789012:MarketAspire-SensorAlerts";
    private const string SecretKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private static readonly ImmutableCredentials Credentials = new("AKIDEXAMPLE", SecretKey, "SESSIONTOKEN/do-not-log");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static AlertMessage Overdue() => new(
        [new AlertTransition(AlertChange.Opened, new Alert("asset_overdue:fct_stock_prices:2026-03-06", AlertKind.AssetOverdue, CheckSeverity.Warn,
            "fct_stock_prices 2026-03-06: overdue since 18:30", new Dictionary<string, object?> { ["overdue_since"] = "2026-03-06T18:30:00-05:00" }),
            DateTimeOffset.Parse("2026-03-06T23:30:00Z", System.Globalization.CultureInfo.InvariantCulture))], 1, "1 asset_overdue opened");

    [Fact]
    public async Task An_alert_is_published_to_the_topic_as_a_Query_API_request_signed_with_Signature_Version_4()
    {
        await using var sns = new SnsReceiver();
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-03-06T23:30:05Z", System.Globalization.CultureInfo.InvariantCulture));
        using var http = new HttpClient();
        var destination = new SnsDestination(http, SnsTopic.Parse(Topic, sns.Endpoint.ToString())!, _ => Task.FromResult(Credentials), clock);

        await destination.SendAsync(Overdue(), Ct);

        var request = Assert.Single(sns.Requests);
        Assert.Equal("POST", request.Method);
        var form = Encoding.UTF8.GetString(request.Body).Split('&').Select(p => p.Split('=')).ToDictionary(p => Uri.UnescapeDataString(p[0]), p => Uri.UnescapeDataString(p[1].Replace('+', ' ')));
        Assert.Equal("Publish", form["Action"]);
        Assert.Equal("2010-03-31", form["Version"]);
        Assert.Equal(Topic, form["TopicArn"]);
        Assert.Equal("MarketAspire: [WARN] opened: fct_stock_prices 2026-03-06: overdue since 18:30", form["Subject"]);
        Assert.StartsWith("MarketAspire: [WARN] opened", form["Message"], StringComparison.Ordinal);
        Assert.Contains("\"key\":\"asset_overdue:fct_stock_prices:2026-03-06\"", form["Message"], StringComparison.Ordinal);

        Assert.Equal("20260306T233005Z", request.Headers["x-amz-date"]);
        Assert.Equal(Credentials.Token, request.Headers["x-amz-security-token"]);
        var authorization = Regex.Match(request.Headers["authorization"],
            "^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260306/us-east-1/sns/aws4_request, SignedHeaders=([a-z;-]+), Signature=([0-9a-f]{64})$");
        Assert.True(authorization.Success, request.Headers["authorization"]);
        Assert.Contains("host", authorization.Groups[1].Value.Split(';'));
        Assert.Contains("x-amz-security-token", authorization.Groups[1].Value.Split(';'));
        Assert.Equal(authorization.Groups[2].Value, SigV4.Signature(SecretKey, "20260306T233005Z", "us-east-1", "sns",
            SigV4.CanonicalRequest(request.Method, request.Path, "", authorization.Groups[1].Value.Split(';').Select(h => (h, request.Headers[h])), request.Body)));
        Assert.DoesNotContain(SecretKey, string.Join("\n", request.Headers.Values), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refusal_is_an_error_naming_the_topic_and_SNSs_code_and_no_credential()
    {
        await using var sns = new SnsReceiver(refuse: true);
        using var http = new HttpClient();
        var destination = new SnsDestination(http, SnsTopic.Parse(Topic, sns.Endpoint.ToString())!, _ => Task.FromResult(Credentials), TimeProvider.System);

        var ex = await Assert.ThrowsAsync<AlertDeliveryException>(() => destination.SendAsync(Overdue(), Ct));

        Assert.Equal("sns MarketAspire-SensorAlerts answered HTTP 403 AuthorizationError", ex.Message);
        Assert.Equal("sns MarketAspire-SensorAlerts", destination.Name);
    }

    [Fact]
    public void The_verifier_reproduces_AWSs_published_example_signature()
    {
        // "Examples of the complete Signature Version 4 signing process" (AWS General Reference): IAM ListUsers.
        var canonical = SigV4.CanonicalRequest("GET", "/", "Action=ListUsers&Version=2010-05-08",
            [("content-type", "application/x-www-form-urlencoded; charset=utf-8"), ("host", "iam.amazonaws.com"), ("x-amz-date", "20150830T123600Z")], []);
        Assert.Equal("5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7",
            SigV4.Signature(SecretKey, "20150830T123600Z", "us-east-1", "iam", canonical));
    }

    [Theory]
    [InlineData("MarketAspire: 3 alert changes\nnext line", "MarketAspire: 3 alert changes next line")]
    [InlineData("caf\u00e9 \u2014 done", "caf    done")]
    public void The_subject_is_what_SNS_accepts(string title, string expected)
    {
        Assert.Equal(expected, SnsDestination.Subject(title));
        Assert.Equal(SnsDestination.MaxSubject, SnsDestination.Subject(new string('x', 300)).Length);
    }

    /// <summary>Signature Version 4, step by step as AWS describes it, with nothing of the SDK.</summary>
    private static class SigV4
    {
        public static string CanonicalRequest(string method, string path, string query, IEnumerable<(string Name, string Value)> headers, byte[] body)
        {
            var sorted = headers.OrderBy(h => h.Name, StringComparer.Ordinal).ToList();
            return $"{method}\n{path}\n{query}\n{string.Concat(sorted.Select(h => $"{h.Name}:{h.Value.Trim()}\n"))}\n{string.Join(';', sorted.Select(h => h.Name))}\n{Hex(SHA256.HashData(body))}";
        }

        public static string Signature(string secret, string amzDate, string region, string service, string canonicalRequest)
        {
            var day = amzDate[..8];
            var toSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{day}/{region}/{service}/aws4_request\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";
            var key = new[] { day, region, service, "aws4_request" }.Aggregate(Encoding.UTF8.GetBytes("AWS4" + secret), (k, part) => HMACSHA256.HashData(k, Encoding.UTF8.GetBytes(part)));
            return Hex(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(toSign)));
        }

        private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
    }
}
