using MarketAspire.JobHosting.Configuration;

namespace MarketAspire.AppHost.Infrastructure;

/// <summary>The local stack with a healthy container engine: PostgreSQL and LocalStack (S3 only) as containers.</summary>
internal static class ContainerInfrastructure
{
    public static LocalInfrastructure Add(IDistributedApplicationBuilder builder, LocalStackSettings settings)
    {
        var user = builder.AddParameter("warehouse-user", settings.User);
        var password = builder.AddParameter("warehouse-password", settings.Password, secret: true);

        var postgres = builder.AddPostgres("warehouse-db", user, password, port: settings.WarehousePort)
            .WithImageTag("15")
            .WithEnvironment("POSTGRES_DB", settings.Database)
            .WithDataVolume("marketaspire-warehouse");

        // LocalStack has no bucket until someone creates it: the migrate job does that against any local endpoint.
        var s3 = builder.AddContainer("s3", "localstack/localstack", "4.0")
            .WithEnvironment("SERVICES", "s3")
            .WithHttpEndpoint(port: settings.S3Port, targetPort: 4566, name: "http")
            .WithHttpHealthCheck("/_localstack/health");

        return new LocalInfrastructure(settings, postgres, s3, password);
    }
}
