namespace MarketAspire.Tests.Infrastructure;

/// <summary>
/// Tests that read what a process-wide listener sees (the HTTP instrumentation's spans): with hosts of other tests
/// running at the same time, another host's instrumentation also handles this host's requests and sets their tags.
/// This collection runs alone, after the parallel ones.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AloneCollection
{
    public const string Name = "alone";
}
