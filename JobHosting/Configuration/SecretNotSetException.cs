namespace MarketAspire.JobHosting.Configuration;

/// <summary>A secret still holds the value the stack created it with; the message says how to set it (the ARN is not secret).</summary>
public sealed class SecretNotSetException(string key, string arn)
    : Exception($"{key} is not set: aws secretsmanager put-secret-value --secret-id {arn} --secret-string YOUR_VALUE (the next invocation reads it).")
{
    public string Key { get; } = key;
}
