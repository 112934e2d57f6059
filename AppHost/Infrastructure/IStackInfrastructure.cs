namespace MarketAspire.AppHost.Infrastructure;

/// <summary>Where the stack's warehouse and S3 are, and how a job is pointed at them.</summary>
internal interface IStackInfrastructure
{
    IResourceBuilder<ProjectResource> Wire(IResourceBuilder<ProjectResource> job);
}
