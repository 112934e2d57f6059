using MarketAspire.AssetGraph.Graph;

namespace MarketAspire.Catalog.Lineage;

/// <summary>Where an asset's box goes in the lineage drawing.</summary>
public sealed record LineageNode(AssetDefinition Asset, IReadOnlyList<AssetCheckDefinition> Checks, int X, int Y, int Height);

/// <summary>An arrow from an upstream asset's box to a downstream one.</summary>
public sealed record LineageEdge(LineageNode From, LineageNode To);

/// <summary>
/// Lays the asset graph out left to right: an asset's column is the length of the longest path to it, its boxes stacked
/// in the graph's order; checks are listed inside the box of the asset they check.
/// </summary>
public sealed class LineageLayout
{
    public const int NodeWidth = 230;
    public const int ColumnGap = 70;
    public const int RowGap = 24;
    public const int HeaderHeight = 58;
    public const int CheckLineHeight = 18;

    public LineageLayout(AssetGraphDefinition graph)
    {
        var depth = new Dictionary<AssetKey, int>();
        foreach (var asset in graph.Assets)
        {
            depth[asset.Key] = asset.Upstream.Count == 0 ? 0 : asset.Upstream.Max(u => depth[u]) + 1;
        }

        var nodes = new Dictionary<AssetKey, LineageNode>();
        var columnHeights = new Dictionary<int, int>();
        foreach (var asset in graph.Assets)
        {
            var column = depth[asset.Key];
            var checks = graph.Checks.Where(c => c.Asset == asset.Key).ToList();
            var height = HeaderHeight + (checks.Count == 0 ? 0 : (checks.Count * CheckLineHeight) + 8);
            var y = columnHeights.GetValueOrDefault(column, RowGap);
            nodes[asset.Key] = new LineageNode(asset, checks, RowGap + (column * (NodeWidth + ColumnGap)), y, height);
            columnHeights[column] = y + height + RowGap;
        }

        Nodes = graph.Assets.Select(a => nodes[a.Key]).ToList();
        Edges = graph.Assets.SelectMany(a => a.Upstream.Select(u => new LineageEdge(nodes[u], nodes[a.Key]))).ToList();
        Width = RowGap + ((depth.Values.Max() + 1) * (NodeWidth + ColumnGap));
        Height = columnHeights.Values.Max();
    }

    public IReadOnlyList<LineageNode> Nodes { get; }

    public IReadOnlyList<LineageEdge> Edges { get; }

    public int Width { get; }

    public int Height { get; }
}
