using Xunit;
using System.Text.RegularExpressions;

namespace Sanctum.Cli.Tests.Docs;

/// <summary>What a user reads is in the repository, and the configuration reference names every shipped key.</summary>
public sealed partial class RepositoryDocsTests
{
    private static readonly string Root = FindRoot();

    [Fact]
    public void NothingPointsOutsideTheRepository()
    {
        var pointers = Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}.git"))
            .Where(f => Path.GetExtension(f) is ".md" or ".cs" or ".conf" or ".service" or ".timer" or ".plist" && Path.GetFileName(f) != $"{nameof(RepositoryDocsTests)}.cs")
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (f, i, line)))
            .Where(x => x.line.Contains("../shared", StringComparison.Ordinal))
            .Select(x => $"{Path.GetRelativePath(Root, x.f)}:{x.i + 1}")
            .ToArray();

        Assert.Empty(pointers);
    }

    [Fact]
    public void ConfigurationReferenceNamesEveryShippedKey()
    {
        var reference = File.ReadAllText(Path.Combine(Root, "docs", "configuration.md"));
        var keys = File.ReadLines(Path.Combine(Root, "hocon", "sanctum.conf"))
            .Select(line => KeyAtLineStart().Match(line))
            .Where(m => m.Success)
            .Select(m => m.Groups[1].Value)
            .Distinct()
            .ToArray();

        Assert.Contains("kill-after", keys);
        var missing = keys.Where(k => !reference.Contains(k, StringComparison.Ordinal)).ToArray();
        Assert.Empty(missing);
    }

    [Theory]
    [InlineData("docs/scenarios.md")]
    [InlineData("docs/configuration.md")]
    [InlineData("docs/cli.md")]
    public void EveryDocumentTheReadmeNamesExists(string path)
    {
        Assert.Contains($"`{path}`", File.ReadAllText(Path.Combine(Root, "README.md")));
        Assert.True(File.Exists(Path.Combine(Root, path)), path);
    }

    [GeneratedRegex(@"^\s*([a-z][a-z0-9-]*)\s*(?:=|\{)")]
    private static partial Regex KeyAtLineStart();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SanctumActors.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("SanctumActors.sln not found above the test output");
    }
}
