using Microsoft.AspNetCore.Hosting.Server.Features;

namespace MarketAspire.Catalog.Security;

/// <summary>
/// Fail closed: without an access token the catalog listens only on loopback. The addresses come from where ASP.NET Core
/// reads them (<c>--urls</c>, <c>ASPNETCORE_URLS</c>, <c>ASPNETCORE_HTTP(S)_PORTS</c>, Kestrel endpoints), checked before
/// it binds; what it did bind is checked again once it listens.
/// </summary>
public static class LoopbackBinding
{
    public static IReadOnlyList<string> ConfiguredAddresses(IConfiguration configuration)
    {
        var addresses = new List<string>();
        addresses.AddRange(Split(configuration["urls"]));
        addresses.AddRange(Split(configuration["http_ports"]).Select(port => $"http://*:{port}"));
        addresses.AddRange(Split(configuration["https_ports"]).Select(port => $"https://*:{port}"));
        addresses.AddRange(configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"]).OfType<string>());
        return addresses;
    }

    public static bool IsLoopback(string address)
    {
        try
        {
            // A Unix socket's or named pipe's "host" is its path (unix:/..., pipe:/...): never a loopback name, so refused.
            return HostCheck.IsLoopbackName(BindingAddress.Parse(address).Host);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>The one line that says why the catalog will not listen, or null when it may.</summary>
    public static string? Refusal(IEnumerable<string> addresses, string? token) =>
        token is null && addresses.FirstOrDefault(a => !IsLoopback(a)) is { } open
            ? $"The catalog will not listen on {open}, which is not loopback, without an access token: set {CatalogSettings.TokenKey}, or bind 127.0.0.1."
            : null;

    /// <summary>The addresses the server actually listens on, once started.</summary>
    public static IReadOnlyList<string> Bound(WebApplication app) =>
        app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? [];

    private static string[] Split(string? value) => (value ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
