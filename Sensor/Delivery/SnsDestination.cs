using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Xml.Linq;
using Amazon.Runtime;
using Amazon.Runtime.Internal.Auth;
using Amazon.Util;
using MarketAspire.Sensor.Alerts;

namespace MarketAspire.Sensor.Delivery;

/// <summary>
/// Publishes to an SNS topic through its Query API (<c>Action=Publish</c>, a form POST), signed with Signature Version 4
/// by the AWS SDK's signer with the function's own credentials. The SNS package of the SDK is not needed for one call.
/// The subject is the alert's title; the message its text and the generic JSON (an e-mail subscription shows both).
/// </summary>
public sealed class SnsDestination(HttpClient http, SnsTopic topic, Func<CancellationToken, Task<ImmutableCredentials>> credentials, TimeProvider time) : IAlertDestination
{
    public const string FormContentType = "application/x-www-form-urlencoded; charset=utf-8";

    /// <summary>SNS refuses a subject over 100 characters, or one with a line break or a character outside printable ASCII.</summary>
    public const int MaxSubject = 100;

    public string Name { get; } = $"sns {topic.Name}";

    public async Task SendAsync(AlertMessage message, CancellationToken ct)
    {
        var body = Form([
            ("Action", "Publish"),
            ("Version", "2010-03-31"),
            ("TopicArn", topic.Arn),
            ("Subject", Subject(message.Title)),
            ("Message", AlertPayloads.Text(message) + "\n\n" + AlertPayloads.Render(message, WebhookFormat.Json)),
        ]);
        using var request = new HttpRequestMessage(HttpMethod.Post, topic.Endpoint) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(FormContentType);
        Sign(request, body, await credentials(ct), time.GetUtcNow().UtcDateTime);
        using var response = await http.SendAsync(request, ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new AlertDeliveryException($"{Name} answered HTTP {(int)response.StatusCode} {ErrorCode(await response.Content.ReadAsStringAsync(ct))}".TrimEnd());
        }
    }

    /// <summary>
    /// Signature Version 4 over the method, path, the signed headers (content-type, host, x-amz-date and, for a role's
    /// temporary credentials, x-amz-security-token) and the body's hash; the SDK's signer derives the key and signs.
    /// </summary>
    private void Sign(HttpRequestMessage request, byte[] body, ImmutableCredentials creds, DateTime at)
    {
        var amzDate = at.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["content-type"] = FormContentType,
            ["host"] = topic.Endpoint.Authority,
            ["x-amz-date"] = amzDate,
        };
        if (creds.UseToken)
        {
            headers["x-amz-security-token"] = creds.Token;
        }

        var signedHeaders = string.Join(';', headers.Keys);
        var canonicalRequest = string.Join('\n',
            "POST",
            topic.Endpoint.AbsolutePath,
            "",
            string.Concat(headers.Select(h => $"{h.Key}:{h.Value}\n")),
            signedHeaders,
            AWSSDKUtils.ToHex(AWS4Signer.ComputeHash(body), lowercase: true));
        var signature = AWS4Signer.ComputeSignature(creds, topic.Region, at, "sns", signedHeaders, canonicalRequest);
        request.Headers.TryAddWithoutValidation("X-Amz-Date", amzDate);
        if (creds.UseToken)
        {
            request.Headers.TryAddWithoutValidation("X-Amz-Security-Token", creds.Token);
        }

        request.Headers.TryAddWithoutValidation("Authorization", signature.ForAuthorizationHeader);
    }

    private static byte[] Form(IEnumerable<(string Key, string Value)> fields) =>
        Encoding.UTF8.GetBytes(string.Join('&', fields.Select(f => $"{Uri.EscapeDataString(f.Key)}={Uri.EscapeDataString(f.Value)}")));

    public static string Subject(string title)
    {
        var printable = new string([.. title.Select(c => c is >= ' ' and <= '~' ? c : ' ')]);
        return printable.Length <= MaxSubject ? printable : printable[..(MaxSubject - 3)] + "...";
    }

    /// <summary>The error's code from SNS's XML answer (<c>AuthorizationError</c>, <c>NotFound</c>), never more of it.</summary>
    private static string ErrorCode(string xml)
    {
        try
        {
            return XDocument.Parse(xml).Descendants().FirstOrDefault(e => e.Name.LocalName == "Code")?.Value ?? "";
        }
        catch (System.Xml.XmlException)
        {
            return "";
        }
    }
}

/// <summary>A topic from its ARN (<c>arn:aws:sns:REGION:ACCOUNT:NAME</c>), and the endpoint that serves its region.</summary>
public sealed record SnsTopic(string Arn, string Region, string Name, Uri Endpoint)
{
    public static SnsTopic? Parse(string arn, string? endpoint)
    {
        var parts = arn.Split(':');
        if (parts is not ["arn", { Length: > 0 }, "sns", { Length: > 0 } region, { Length: > 0 }, { Length: > 0 } name])
        {
            return null;
        }

        var url = endpoint is { Length: > 0 } given && Uri.TryCreate(given, UriKind.Absolute, out var u) ? u : new Uri($"https://sns.{region}.amazonaws.com/");
        return new SnsTopic(arn, region, name, url);
    }
}
