using System.Net.Http.Headers;
using System.Text;

namespace MarketAspire.JobHosting.Lineage;

/// <summary>
/// Posts each event to an OpenLineage HTTP endpoint (Marquez's <c>POST /api/v1/lineage</c>, OpenMetadata's
/// <c>/api/v1/openlineage/lineage</c>) with the API key, if any, as a bearer token. Its own client, without the retrying
/// handlers of the services' clients: an event is worth one bounded attempt, never a slower run.
/// </summary>
public sealed class HttpLineageTransport(LineageSettings settings) : ILineageTransport, IDisposable
{
    private readonly HttpClient _client = new(new SocketsHttpHandler { ConnectTimeout = settings.Timeout }) { Timeout = settings.Timeout };

    public async Task SendAsync(RunEvent runEvent, string json, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, settings.Url) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (settings.ApiKey is { } key)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        using var response = await _client.SendAsync(request, ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"the lineage endpoint answered {(int)response.StatusCode} {response.ReasonPhrase}", null, response.StatusCode);
        }
    }

    public void Dispose() => _client.Dispose();
}
