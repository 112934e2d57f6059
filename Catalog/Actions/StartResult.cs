namespace MarketAspire.Catalog.Actions;

/// <summary>What asking to start an action gave: the action, or why not (a run of the partitions in progress, or the cap).</summary>
public sealed record StartResult(CatalogAction? Action, string? Refusal, bool Busy);
