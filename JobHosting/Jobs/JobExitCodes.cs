namespace MarketAspire.JobHosting.Jobs;

public static class JobExitCodes
{
    public const int Succeeded = 0;
    public const int Failed = 1;

    /// <summary>Bad configuration or an unreachable dependency: nothing ran.</summary>
    public const int NotStarted = 2;
}
