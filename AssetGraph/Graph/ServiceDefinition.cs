namespace MarketAspire.AssetGraph.Graph;

/// <summary>A deployable job: the project that builds it and the resource name it gets in the AppHost.</summary>
/// <param name="Name">Lowercase resource name, e.g. <c>extractor</c>.</param>
/// <param name="Project">Top-level project folder and file name, e.g. <c>Extractor</c>.</param>
public sealed record ServiceDefinition(string Name, string Project);
