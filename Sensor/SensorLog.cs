namespace MarketAspire.Sensor;

/// <summary>The sensor's log messages (event ids 9000-9099). Destinations appear by name only, never by URL.</summary>
internal static partial class SensorLog
{
    [LoggerMessage(9000, LogLevel.Information, "Sensor evaluated {Evaluated} asset partitions ({Overdue} overdue); alerts opened {Opened}, escalated {Escalated}, cleared {Cleared}; dead letters {DeadLetters}")]
    public static partial void Evaluated(ILogger logger, int evaluated, int overdue, int opened, int escalated, int cleared, int deadLetters);

    [LoggerMessage(9001, LogLevel.Information, "Alert message ({Total} changes) delivered to {Destination} at attempt {Attempt}")]
    public static partial void Delivered(ILogger logger, string destination, int total, int attempt);

    [LoggerMessage(9002, LogLevel.Warning, "Alert delivery to {Destination} failed, attempt {Attempt} of {MaxAttempts}: {Error}")]
    public static partial void DeliveryFailed(ILogger logger, string destination, int attempt, int maxAttempts, string error);

    [LoggerMessage(9003, LogLevel.Error, "Alert delivery to {Destination} gave up after {Attempts} attempts; recorded a dead letter: {Error}")]
    public static partial void DeadLetter(ILogger logger, string destination, int attempts, string error);

    [LoggerMessage(9004, LogLevel.Error, "Sensor evaluation failed; the next one runs as scheduled: {Error}")]
    public static partial void EvaluationFailed(ILogger logger, string error);

    [LoggerMessage(9005, LogLevel.Information, "Sensor started: every {Interval}, looking back {Days} trading days, destinations: {Destinations}")]
    public static partial void Started(ILogger logger, TimeSpan interval, int days, string destinations);
}
