using MarketAspire.AssetGraph.Partitions;

namespace MarketAspire.Catalog.Actions;

/// <summary>One Orchestrator command started from the catalog: what it runs, and its output as it comes.</summary>
public sealed class CatalogAction(string id, string title, DailyPartition from, DailyPartition to, IReadOnlyList<string> arguments, DateTimeOffset startedAt)
{
    /// <summary>The output a progress page can show; earlier lines are dropped (the run's log has them all).</summary>
    public const int MaxLines = 5_000;

    public const int MaxLineLength = 2_000;

    private readonly List<string> _lines = [];
    private int _dropped;
    private readonly Lock _lock = new();
    private int? _exitCode;

    public string Id { get; } = id;

    public string Title { get; } = title;

    public DailyPartition From { get; } = from;

    public DailyPartition To { get; } = to;

    /// <summary>The Orchestrator's command line, as the dashboard's commands and a user's shell would pass it.</summary>
    public IReadOnlyList<string> Arguments { get; } = arguments;

    public DateTimeOffset StartedAt { get; } = startedAt;

    /// <summary>The Orchestrator's exit code, once it has ended.</summary>
    public int? ExitCode
    {
        get
        {
            lock (_lock)
            {
                return _exitCode;
            }
        }
    }

    public bool Finished => ExitCode is not null;

    public bool Covers(DailyPartition partition) => From.Date <= partition.Date && partition.Date <= To.Date;

    public void Append(string line)
    {
        lock (_lock)
        {
            _lines.Add(line.Length > MaxLineLength ? line[..MaxLineLength] + "…" : line);
            if (_lines.Count > MaxLines)
            {
                _lines.RemoveAt(0);
                _dropped++;
            }
        }
    }

    /// <summary>The lines from <paramref name="index"/> on (the page asks for what it has not shown yet), counted from the first line ever.</summary>
    public IReadOnlyList<string> LinesFrom(int index)
    {
        lock (_lock)
        {
            var start = Math.Clamp(index - _dropped, 0, _lines.Count);
            return _lines.GetRange(start, _lines.Count - start);
        }
    }

    public void Finish(int exitCode)
    {
        lock (_lock)
        {
            _exitCode = exitCode;
        }
    }
}
