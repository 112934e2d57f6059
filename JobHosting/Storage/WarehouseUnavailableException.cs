namespace MarketAspire.JobHosting.Storage;

/// <summary>The warehouse could not be reached or refused the login. Names the host and port, never the password.</summary>
public sealed class WarehouseUnavailableException(string message, Exception inner) : Exception(message, inner);
