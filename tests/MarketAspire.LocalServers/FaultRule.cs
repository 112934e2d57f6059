using System.Text.RegularExpressions;

namespace MarketAspire.LocalServers;

/// <summary>What <see cref="FaultProxy"/> does to a connection once its rule fires.</summary>
public enum FaultKind
{
    /// <summary>Forwards, but holds every later chunk of the connection (both ways) for <see cref="FaultRule.Duration"/>.</summary>
    Delay,

    /// <summary>Forwards the request, then resets the connection (RST) after <see cref="FaultRule.AfterBytes"/> bytes of the answer.</summary>
    Reset,

    /// <summary>Resets every open connection and refuses new ones (the port closed) for <see cref="FaultRule.Duration"/>.</summary>
    Refuse,

    /// <summary>Swallows the request and everything after it; never answers, never closes. New connections for <see cref="FaultRule.Duration"/> too.</summary>
    BlackHole,

    /// <summary>Forwards normally and runs <see cref="FaultRule.OnFire"/> (e.g. restart the server behind the proxy).</summary>
    Callback,
}

/// <summary>
/// A fault aimed at a step: it fires when a client sends bytes matching <see cref="Trigger"/> (an HTTP request line such
/// as <c>PUT /bucket/staged/</c>, or SQL text such as <c>COPY market_data.stg_stock_prices</c>), at most <see cref="Times"/> times,
/// starting with the <see cref="Nth"/> match.
/// </summary>
public sealed record FaultRule(Regex Trigger, FaultKind Kind)
{
    public int Times { get; init; } = 1;

    /// <summary>The match it first fires on: 2 lets the first of several identical requests pass and faults the second.</summary>
    public int Nth { get; init; } = 1;

    public long AfterBytes { get; init; }

    /// <summary>For HTTP: count <see cref="AfterBytes"/> from the end of the answer's headers, so the reset falls mid-body.</summary>
    public bool InBody { get; init; }

    public TimeSpan Duration { get; init; }

    public Func<Task>? OnFire { get; init; }

    public override string ToString() => $"{Kind} on /{Trigger}/" +
        Kind switch
        {
            FaultKind.Reset => $" after {AfterBytes} bytes{(InBody ? " of the body" : "")}",
            FaultKind.Delay or FaultKind.Refuse => $" for {Duration.TotalSeconds:0.#} s",
            FaultKind.BlackHole => Duration > TimeSpan.Zero ? $" (whole server, {Duration.TotalSeconds:0.#} s)" : "",
            _ => "",
        } + (Times > 1 ? $" ×{Times}" : "") + (Nth > 1 ? $" from match {Nth}" : "");
}
