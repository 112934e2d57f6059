namespace MarketAspire.JobHosting.Jobs;

/// <summary>What kind of failure ended a run: the caller acts on it (a spent quota stops a backfill) without reading text.</summary>
public enum FailureKind
{
    None,

    Failed,

    /// <summary>The market API's daily quota, or the client-side daily limit, is spent: later requests today would fail too.</summary>
    QuotaSpent,

    /// <summary>The API answered that the request needs a premium key (<c>outputsize=full</c> on a free key).</summary>
    PremiumOnly,

    /// <summary>An ERROR check failed.</summary>
    ChecksFailed,

    /// <summary>The run's process ended without finishing it (its heartbeat went stale); recorded by whoever noticed.</summary>
    Abandoned,
}

/// <summary>A failure kind as stored in <c>market_meta.runs.failure_kind</c>: snake_case, null for none.</summary>
public static class FailureKinds
{
    public static string? Stored(FailureKind kind) =>
        kind == FailureKind.None ? null : System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(kind.ToString());
}
