namespace MarketAspire.MarketApiSimulator;

/// <summary>Request headers the simulator understands; Alpha Vantage ignores them.</summary>
public static class SimulatorHeaders
{
    /// <summary>The date whose data the response should contain (the extractor's landing date).</summary>
    public const string AsOf = "X-Simulator-As-Of";

    /// <summary>A fault to inject into this one response (see <see cref="FaultKind"/>).</summary>
    public const string Fault = "X-Simulator-Fault";
}
