using MarketAspire.AssetGraph.Graph;
using MarketAspire.JobHosting.Jobs;
using MarketAspire.JobHosting.Storage;
using Npgsql;

namespace MarketAspire.JobHosting.Lineage;

/// <summary>
/// The lineage of one job run: each asset's materialization or check's evaluation is an OpenLineage run whose parent
/// is the job's run (job <c>{service}</c>, run id the recorded one). Emits nothing when the transport is off.
/// </summary>
public sealed class JobLineage
{
    private readonly LineageEmitter _emitter;
    private readonly AssetGraphDefinition _graph;
    private readonly LineageStores _stores;
    private readonly NpgsqlDataSource _warehouse;
    private readonly JobContext _context;
    private readonly LineageParent _parent;
    private readonly TimeProvider _time;
    private readonly Dictionary<AssetLocation.WarehouseTable, DatasetName> _tables;
    private Dictionary<DatasetName, IReadOnlyList<LineageColumn>>? _schemas;

    public JobLineage(
        LineageEmitter emitter, AssetGraphDefinition graph, ServiceDefinition service, LineageStores stores, WarehouseDatabase warehouse, JobContext context, TimeProvider time)
    {
        _emitter = emitter;
        _graph = graph;
        _stores = stores;
        _warehouse = warehouse.DataSource;
        _context = context;
        _time = time;
        var ns = emitter.Settings.Namespace;
        _tables = graph.Assets.Where(a => a.Location is AssetLocation.WarehouseTable).DistinctBy(a => a.Location)
            .ToDictionary(a => (AssetLocation.WarehouseTable)a.Location!, a => LineageDatasets.Of(a, stores, ns));
        _parent = new LineageParent(ns, service.Name, LineageIds.Of(context.RunId),
            context.Root is { } root ? new LineageParent(ns, root.Job, LineageIds.Of(root.RunId)) : null);
    }

    public Task<LineageRunSpec?> StartAsync(AssetDefinition asset, CancellationToken ct) =>
        StartAsync(() => LineageRunSpec.Materialization(_graph, asset, _stores, _emitter.Settings.Namespace, _context.Partition, _parent), ct);

    public Task<LineageRunSpec?> StartAsync(AssetCheckDefinition check, CancellationToken ct) =>
        StartAsync(() => LineageRunSpec.Evaluation(_graph, check, _stores, _emitter.Settings.Namespace, _context.Partition, _parent), ct);

    /// <summary>A materialization's data versions by dataset: its output's and those of the inputs it used.</summary>
    public IReadOnlyDictionary<DatasetName, string> VersionsOf(AssetDefinition asset, string version, IReadOnlyDictionary<AssetKey, string> inputs)
    {
        var ns = _emitter.Settings.Namespace;
        var versions = inputs.ToDictionary(i => LineageDatasets.Of(_graph[i.Key], _stores, ns), i => i.Value);
        versions[LineageDatasets.Of(asset, _stores, ns)] = version;
        return versions;
    }

    /// <summary>One asset's data version by its dataset (a checked asset's); none when it is not known.</summary>
    public IReadOnlyDictionary<DatasetName, string> VersionsOf(AssetKey asset, string? version) => version is null
        ? new Dictionary<DatasetName, string>()
        : new Dictionary<DatasetName, string> { [LineageDatasets.Of(_graph[asset], _stores, _emitter.Settings.Namespace)] = version };

    /// <summary>Emits the run's COMPLETE or FAIL event with the warehouse tables' schemas added to <paramref name="result"/>.</summary>
    public async Task EndAsync(LineageRunSpec? run, LineageResult result, CancellationToken ct)
    {
        if (run is null)
        {
            return;
        }

        // Only a run with a warehouse table among its datasets asks the warehouse for columns (the extractor's never do).
        var tables = run.Inputs.Concat(run.Outputs).Where(_tables.ContainsValue).Distinct().ToList();
        var schemas = tables.Count == 0 ? new Dictionary<DatasetName, IReadOnlyList<LineageColumn>>() : await SchemasAsync(ct);
        var known = tables.Where(schemas.ContainsKey).ToDictionary(d => d, d => schemas[d]);
        await _emitter.EmitAsync(LineageEvents.End(run, result with { Schemas = known }, _time.GetUtcNow()), ct);
    }

    private async Task<LineageRunSpec?> StartAsync(Func<LineageRunSpec> spec, CancellationToken ct)
    {
        if (!_emitter.Enabled)
        {
            return null;
        }

        var run = spec();
        await _emitter.EmitAsync(LineageEvents.Start(run, _time.GetUtcNow()), ct);
        return run;
    }

    /// <summary>The warehouse tables' columns, read once per job run; when they cannot be read the events go without them.</summary>
    private async Task<IReadOnlyDictionary<DatasetName, IReadOnlyList<LineageColumn>>> SchemasAsync(CancellationToken ct)
    {
        if (_schemas is not null)
        {
            return _schemas;
        }

        _schemas = [];
        foreach (var schema in _tables.Keys.Select(t => t.Schema).Distinct())
        {
            try
            {
                await using var command = _warehouse.CreateCommand(LineageSql.Columns);
                command.Parameters.AddWithValue("schema", schema);
                await using var reader = await command.ExecuteReaderAsync(ct);
                var columns = new List<(string Table, LineageColumn Column)>();
                while (await reader.ReadAsync(ct))
                {
                    columns.Add((reader.GetString(0), new LineageColumn(reader.GetString(1), reader.GetString(2), Convert.ToInt32(reader.GetValue(3)))));
                }

                foreach (var (table, dataset) in _tables.Where(t => t.Key.Schema == schema))
                {
                    var own = columns.Where(c => c.Table == table.Table).Select(c => c.Column).ToList();
                    if (own.Count > 0)
                    {
                        _schemas[dataset] = own;
                    }
                }
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException)
            {
                // The facet is optional: a warehouse that does not answer this costs the schema, never the run.
                _emitter.SchemaNotRead(schema, $"{ex.GetType().Name}: {ex.Message}");
            }
        }

        return _schemas;
    }
}
