using System.Xml.Linq;
using MarketAspire.LocalServers;

namespace MarketAspire.Tests.Kernel;

/// <summary>The direction of the project references: the kernel and the service defaults are leaves, the services depend on them.</summary>
public class ProjectReferenceTests
{
    private static IReadOnlyList<string> ReferencesOf(string project) =>
        XDocument.Load(Path.Combine(RepoPaths.Root, project, project + ".csproj"))
            .Descendants("ProjectReference")
            .Select(r => Path.GetFileNameWithoutExtension(r.Attribute("Include")!.Value.Replace('\\', '/')))
            .ToList();

    [Theory]
    [InlineData("AssetGraph")]
    [InlineData("ServiceDefaults")]
    public void A_leaf_references_no_project_of_ours(string project) => Assert.Empty(ReferencesOf(project));

    [Fact]
    public void Job_hosting_builds_on_the_kernel_alone() => Assert.Equal(["AssetGraph"], ReferencesOf("JobHosting"));
}
