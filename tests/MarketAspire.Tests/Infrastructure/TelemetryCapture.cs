using MarketAspire.LocalServers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Logging;

namespace MarketAspire.Tests.Infrastructure;

/// <summary>Captures every log line (message, state values, exception) and every activity (name, tags, events).</summary>
public sealed class TelemetryCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly ActivityListener _listener;

    public TelemetryCapture()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                var text = new StringBuilder($"activity {a.Source.Name} {a.DisplayName} {a.OperationName} {a.StatusDescription}");
                foreach (var tag in a.TagObjects)
                {
                    text.Append($" {tag.Key}={tag.Value}");
                }

                foreach (var e in a.Events)
                {
                    text.Append($" event {e.Name}");
                    foreach (var tag in e.Tags)
                    {
                        text.Append($" {tag.Key}={tag.Value}");
                    }
                }

                _lines.Enqueue(text.ToString());
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public string All => string.Join('\n', _lines);

    public int Count => _lines.Count;

    public ILogger CreateLogger(string categoryName) => new CaptureLogger(categoryName, _lines);

    public void Dispose() => _listener.Dispose();

    private sealed class CaptureLogger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull
        {
            lines.Enqueue($"scope {category} {state}");
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var text = new StringBuilder($"{logLevel} {category}[{eventId.Id}] {formatter(state, exception)}");
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
            {
                foreach (var (key, value) in values)
                {
                    text.Append($" {key}={value}");
                }
            }

            if (exception is not null)
            {
                text.Append($" exception {exception}");
            }

            lines.Enqueue(text.ToString());
        }
    }
}
