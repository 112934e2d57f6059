using MarketAspire.JobHosting.Configuration;

namespace MarketAspire.AppHost.Infrastructure;

/// <summary>The warehouse and S3 resources of the local stack, and how a job is wired to them.</summary>
internal sealed class LocalInfrastructure(
    LocalStackSettings settings,
    IResourceBuilder<IResourceWithWaitSupport> warehouse,
    IResourceBuilder<IResourceWithWaitSupport> s3,
    IResourceBuilder<ParameterResource> password) : IStackInfrastructure
{
    public LocalStackSettings Settings => settings;

    public IResourceBuilder<IResourceWithWaitSupport> Warehouse => warehouse;

    public IResourceBuilder<IResourceWithWaitSupport> S3 => s3;

    /// <summary>Points a job at the local warehouse and S3 and waits until both are healthy.</summary>
    public IResourceBuilder<ProjectResource> Wire(IResourceBuilder<ProjectResource> job) => job
        .WithEnvironment(SettingKeys.RedshiftHost, "127.0.0.1")
        .WithEnvironment(SettingKeys.RedshiftPort, settings.WarehousePort.ToString())
        .WithEnvironment(SettingKeys.RedshiftDb, settings.Database)
        .WithEnvironment(SettingKeys.RedshiftUser, settings.User)
        .WithEnvironment(SettingKeys.RedshiftPassword, password)
        .WithEnvironment(SettingKeys.WarehouseDialect, "postgres")
        .WithEnvironment(SettingKeys.BucketName, settings.BucketName)
        .WithEnvironment(SettingKeys.AwsRegion, settings.Region)
        .WithEnvironment(SettingKeys.S3Endpoint, settings.S3Endpoint)
        // The AppHost already read .env and passes every key; the job must not read it again.
        .WithEnvironment(SettingKeys.EnvFile, "none")
        .WaitFor(warehouse)
        .WaitFor(s3);
}
