namespace MarketAspire.AssetGraph.Graph;

/// <summary>
/// A deployable job and everything a runtime needs to know to host it: the AppHost, the Orchestrator, the Lambda
/// functions and the state machine all read these fields instead of naming services.
/// </summary>
/// <param name="Name">Lowercase resource name, e.g. <c>extractor</c>.</param>
/// <param name="Project">Top-level project folder and file name, e.g. <c>Extractor</c>.</param>
public sealed record ServiceDefinition(string Name, string Project)
{
    /// <summary>Lake prefixes the service reads (e.g. <c>raw/</c>).</summary>
    public IReadOnlyList<string> ReadsLake { get; init; } = [];

    /// <summary>Lake prefixes the service writes (and reads back).</summary>
    public IReadOnlyList<string> WritesLake { get; init; } = [];

    /// <summary>Lake prefixes under which the service deletes what it no longer needs (a failed run's files, stale curated files).</summary>
    public IReadOnlyList<string> DeletesLake { get; init; } = [];

    /// <summary>Whether it calls the market API (and so needs the API key and the request limits).</summary>
    public bool CallsMarketApi { get; init; }

    /// <summary>
    /// The warehouse statements the service's own database user is granted (<c>{0}</c> is the user), the same text on
    /// Redshift and PostgreSQL; null for the schema's owner, which migrates and loads.
    /// </summary>
    public IReadOnlyList<string>? WarehouseGrants { get; init; }

    /// <summary>A command the service runs once before any job of an execution (the owner's <c>migrate</c>), if any.</summary>
    public string? PrepareCommand { get; init; }

    /// <summary>Memory and time one invocation may use when deployed as a function.</summary>
    public ServiceSize Size { get; init; } = ServiceSize.Default;

    public bool OwnsWarehouse => WarehouseGrants is null;

    /// <summary>The warehouse user it logs in as: its own, with <see cref="WarehouseGrants"/>; null for the owner (the stack's user).</summary>
    public string? DatabaseUser => OwnsWarehouse ? null : DatabaseUserOf(Name);

    /// <summary>The own warehouse user of a service (or of the catalog), by name.</summary>
    public static string DatabaseUserOf(string name) => "marketaspire_" + name;
}

/// <param name="MemoryMb">Function memory (on Lambda, CPU grows with it).</param>
/// <param name="TimeoutMinutes">The longest one invocation may take.</param>
public sealed record ServiceSize(int MemoryMb, int TimeoutMinutes)
{
    public static ServiceSize Default { get; } = new(1024, 5);
}
