using System.Collections.Concurrent;
using System.Diagnostics;

namespace MarketAspire.Tests.Telemetry;

/// <summary>Records the spans one source finishes while it lives (tests tell their own apart by run id).</summary>
internal sealed class SpanRecorder : IDisposable
{
    private readonly ActivityListener _listener;
    private readonly ConcurrentQueue<Activity> _spans = new();

    public SpanRecorder(string source)
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == source,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _spans.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public IReadOnlyList<Activity> OfRun(string runId) =>
        _spans.Where(s => s.GetTagItem(JobHosting.Jobs.PipelineActivities.RunIdTag) as string == runId).ToList();

    public void Dispose() => _listener.Dispose();
}
