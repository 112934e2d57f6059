using Amazon.CDK;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.Redshift;
using Amazon.CDK.AWS.RedshiftServerless;
using Amazon.CDK.AWS.SecretsManager;
using Constructs;

namespace MarketAspire.Deploy;

/// <summary>
/// The warehouse: Redshift Serverless (default) or a provisioned cluster, in the stack's VPC; the admin
/// password in Secrets Manager (generated, never in the template); and the role Redshift assumes for COPY, allowed to
/// read only the bucket's staged/ prefix.
/// </summary>
public sealed class WarehouseCluster : Construct
{
    public const int Port = 5439;

    public WarehouseCluster(Construct scope, string id, DeploymentSettings settings, DataLake lake, Vpc vpc)
        : base(scope, id)
    {
        SecurityGroup = new SecurityGroup(this, "SecurityGroup", new SecurityGroupProps { Vpc = vpc, Description = "Redshift: reachable from the pipeline's functions only", AllowAllOutbound = false });
        Password = new Secret(this, "Password", new SecretProps
        {
            Description = "MarketAspire warehouse admin credentials",
            GenerateSecretString = new SecretStringGenerator
            {
                SecretStringTemplate = $"{{\"username\":\"{settings.User}\"}}",
                GenerateStringKey = "password",
                ExcludePunctuation = true,
                PasswordLength = 32,
            },
        });

        CopyRole = new Role(this, "CopyRole", new RoleProps
        {
            AssumedBy = new CompositePrincipal(new ServicePrincipal("redshift.amazonaws.com"), new ServicePrincipal("redshift-serverless.amazonaws.com")),
            Description = "Assumed by Redshift for COPY from the staged/ prefix of the data lake and UNLOAD to its curated/ prefix",
        });
        CopyRole.AddToPolicy(new PolicyStatement(new PolicyStatementProps { Actions = ["s3:GetObject"], Resources = [lake.ObjectsArn("staged/")] }));
        CopyRole.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = ["s3:ListBucket"],
            Resources = [lake.Bucket.BucketArn],
            Conditions = new Dictionary<string, object> { ["StringLike"] = new Dictionary<string, object> { ["s3:prefix"] = new[] { "staged/*", "curated/*" } } },
        }));

        // Redshift's guide ("IAM permissions for COPY, UNLOAD, and CREATE LIBRARY") lists GET, LIST and PUT for UNLOAD's
        // target: without GET under curated/ the evaluated UNLOAD requests are denied.
        CopyRole.AddToPolicy(new PolicyStatement(new PolicyStatementProps { Actions = ["s3:GetObject"], Resources = [lake.ObjectsArn("curated/")] }));

        // UNLOAD ... CLEANPATH lists and deletes the folders it replaces before writing the new files.
        CopyRole.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = ["s3:PutObject", "s3:DeleteObject"],
            Resources = [lake.ObjectsArn("curated/")],
        }));

        var password = Password.SecretValueFromJson("password").UnsafeUnwrap(); // a {{resolve:secretsmanager:...}} reference, not the value
        var subnets = vpc.SelectSubnets(new SubnetSelection { SubnetType = SubnetType.PRIVATE_WITH_EGRESS }).SubnetIds;
        switch (settings.Warehouse)
        {
            case WarehouseKind.Serverless:
                var ns = new CfnNamespace(this, "Namespace", new CfnNamespaceProps
                {
                    NamespaceName = "marketaspire",
                    AdminUsername = settings.User,
                    AdminUserPassword = password,
                    DbName = settings.Database,
                    IamRoles = [CopyRole.RoleArn],
                    DefaultIamRoleArn = CopyRole.RoleArn,
                    FinalSnapshotName = "marketaspire-final",
                });

                // A destroy or a replacing change keeps the namespace and its data (delete it by hand, see docs/deployment.md).
                ns.ApplyRemovalPolicy(RemovalPolicy.RETAIN);
                var workgroup = new CfnWorkgroup(this, "Workgroup", new CfnWorkgroupProps
                {
                    WorkgroupName = "marketaspire",
                    NamespaceName = ns.NamespaceName,
                    BaseCapacity = 8,
                    SubnetIds = subnets,
                    SecurityGroupIds = [SecurityGroup.SecurityGroupId],
                    PubliclyAccessible = false,
                    Port = Port,
                });
                workgroup.AddDependency(ns);
                Host = workgroup.AttrWorkgroupEndpointAddress;
                break;

            default:
                var subnetGroup = new CfnClusterSubnetGroup(this, "SubnetGroup", new CfnClusterSubnetGroupProps
                {
                    Description = "MarketAspire warehouse subnets",
                    SubnetIds = subnets,
                });
                var cluster = new CfnCluster(this, "Cluster", new CfnClusterProps
                {
                    ClusterType = "single-node",
                    NodeType = "ra3.large",
                    DbName = settings.Database,
                    MasterUsername = settings.User,
                    MasterUserPassword = password,
                    IamRoles = [CopyRole.RoleArn],
                    ClusterSubnetGroupName = subnetGroup.Ref,
                    VpcSecurityGroupIds = [SecurityGroup.SecurityGroupId],
                    PubliclyAccessible = false,
                    Encrypted = true,
                    Port = Port,
                });
                cluster.ApplyRemovalPolicy(RemovalPolicy.SNAPSHOT);
                Host = cluster.AttrEndpointAddress;
                break;
        }
    }

    public string Host { get; }

    public Secret Password { get; }

    public Role CopyRole { get; }

    public SecurityGroup SecurityGroup { get; }
}
